using Berth.Engine.Store.Write;

namespace Berth.Engine.Store.Sql;

/// <summary>
/// The SQL a database needs to hold the revision log: the dialect layer, as in kine. It knows
/// tables and statements, not semantics; <see cref="SqlRevisionStore"/> holds the semantics once for every driver.
/// </summary>
internal interface IStoreDriver : IAsyncDisposable
{
    string Name { get; }

    /// <summary>
    /// One group commit, as one transaction: locks the workspace's head (so revisions are drawn in
    /// commit order), judges <paramref name="ops"/> in order as <see cref="BatchPlanner"/> does
    /// against the current rows seen under that lock, appends the ones that succeed, replaces their
    /// current rows, moves the head and commits. Each key appears at most once in <paramref name="ops"/>.
    /// Returns the plan: every write's outcome. When the commit fails, nothing of it is written.
    /// </summary>
    Task<BatchPlan> CommitBatchAsync(string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct);

    Task<WorkspaceHead> ReadHeadAsync(string workspace, CancellationToken ct);

    /// <summary>The workspaces that have a head row, in name order.</summary>
    Task<IReadOnlyList<string>> ReadWorkspacesAsync(CancellationToken ct);

    Task<CurrentRow?> ReadCurrentAsync(string workspace, string key, CancellationToken ct);

    /// <summary>The newest log row of <paramref name="key"/> at or below <paramref name="revision"/>.</summary>
    Task<LogRow?> ReadAtAsync(string workspace, string key, long revision, CancellationToken ct);

    /// <summary>
    /// Current rows from <paramref name="startKey"/> (inclusive or not) up to <paramref name="endKey"/> (exclusive; null: no bound),
    /// in key order; tombstones only when newer than <paramref name="tombstonesAfter"/> (the list's pinned revision).
    /// </summary>
    Task<IReadOnlyList<CurrentRow>> ScanCurrentAsync(string workspace, string startKey, bool startInclusive, string? endKey, long tombstonesAfter, int limit, CancellationToken ct);

    /// <summary>Log rows with revision above <paramref name="afterRevision"/>, in revision order, and the compaction point in the same snapshot.</summary>
    Task<LogSlice> ReadLogAsync(string workspace, long afterRevision, int limit, CancellationToken ct);

    Task<IReadOnlyList<LogRow>> ReadHistoryAsync(string workspace, string key, CancellationToken ct);

    /// <summary>Raises the compaction point (never lowers it) and returns the head after.</summary>
    Task<WorkspaceHead> RaiseCompactedRevisionAsync(string workspace, long revision, CancellationToken ct);

    /// <summary>
    /// Removes rows with revision in (<paramref name="fromRevision"/>, <paramref name="toRevision"/>] that are superseded
    /// as of <paramref name="compactRevision"/> (a newer row of the key at or below it) or are tombstones at or below it.
    /// </summary>
    Task<long> CompactRangeAsync(string workspace, long fromRevision, long toRevision, long compactRevision, CancellationToken ct);

    /// <summary>Removes tombstones at or below <paramref name="compactRevision"/> from current_values.</summary>
    Task<long> RemoveTombstonesAsync(string workspace, long compactRevision, CancellationToken ct);

    /// <summary>Notes the workspace's head revision at <paramref name="atUnixMs"/> (nothing when the workspace has no head yet).</summary>
    Task MarkRevisionAsync(string workspace, long atUnixMs, CancellationToken ct);

    /// <summary>The revision of the newest mark at or before <paramref name="atUnixMs"/>, or null.</summary>
    Task<long?> ReadMarkedRevisionAsync(string workspace, long atUnixMs, CancellationToken ct);

    /// <summary>Removes the marks below <paramref name="compactRevision"/>: compaction never goes back, so nothing needs them.</summary>
    Task RemoveMarksBelowAsync(string workspace, long compactRevision, CancellationToken ct);

    /// <summary>
    /// In one transaction under the head lock: removes every log row, current row and mark of the
    /// workspace, and raises its compaction point to its head, which stays (see <see cref="IRevisionStore.PurgeWorkspaceAsync"/>).
    /// </summary>
    Task PurgeAsync(string workspace, CancellationToken ct);

    /// <summary>Tells the other processes on this datastore that the workspace's watches must end (nothing where there are none).</summary>
    Task AnnounceClosedAsync(string workspace, CancellationToken ct);

    Task PingAsync(CancellationToken ct);
}
