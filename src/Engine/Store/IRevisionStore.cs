namespace Berth.Engine.Store;

/// <summary>
/// The append-only revision store: every object of every workspace, as a log of revisions.
/// Each workspace is its own revision space (as each is its own cluster to kubectl); no call
/// can read, list or watch across workspaces. Every write appends exactly one row and returns
/// the new revision; rows are never updated in place. Values are the objects' JSON (UTF-8).
/// </summary>
public interface IRevisionStore : IAsyncDisposable
{
    /// <summary>Name of the backing database ("postgres" or "sqlite").</summary>
    string Driver { get; }

    /// <summary>Creates <paramref name="key"/>; fails with AlreadyExists if it is live.</summary>
    Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default);

    /// <summary>Replaces a live key's value if its revision is still <paramref name="expectedRevision"/> (else Conflict; NotFound if not live).</summary>
    Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default);

    /// <summary>
    /// Deletes a live key, if its revision is still <paramref name="expectedRevision"/> when one is given.
    /// Returns the last value with the revision of the delete.
    /// </summary>
    Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default);

    /// <summary>The key's value now, or as of <paramref name="atRevision"/>; null when it did not exist then.</summary>
    Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default);

    /// <summary>
    /// Live keys starting with <paramref name="prefix"/>, in key order, now or as of
    /// <paramref name="atRevision"/>. <paramref name="limit"/> 0 means all. A continue token
    /// pins the revision of the first page, so the pages together are one consistent list.
    /// Cost grows with the live keys under the prefix (plus those changed since the pinned revision), never with history.
    /// </summary>
    Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default);

    /// <summary>Every stored revision of one key, oldest first (what compaction has kept).</summary>
    Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default);

    /// <summary>The workspace's newest revision (0 for a workspace never written).</summary>
    Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default);

    /// <summary>
    /// Every workspace that has been written to, in name order. Controllers run for each; a
    /// workspace appears here with its first write.
    /// </summary>
    Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default);

    /// <summary>The revision below which history has been compacted away (0 if never).</summary>
    Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default);

    /// <summary>
    /// Every change under <paramref name="prefix"/> after <paramref name="fromRevision"/>, in revision
    /// order, with no gap and no duplicate. Fails at once with Compacted when
    /// <paramref name="fromRevision"/> is below the compacted revision. The stream ends with a
    /// <see cref="StoreException"/> (WatcherTooSlow, Compacted, Unavailable) when it cannot go on.
    /// </summary>
    Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default);

    /// <summary>Drops superseded history at or below <paramref name="revision"/>; reads and watches below it then fail with Compacted.</summary>
    Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default);

    /// <summary>
    /// Notes that the workspace was at its current revision at time <paramref name="at"/>, so that
    /// compaction by age can later find which revision was current a retention window ago.
    /// </summary>
    Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>The revision noted by the newest <see cref="MarkRevisionAsync"/> at or before <paramref name="at"/>; null when no mark is that old.</summary>
    Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>
    /// Removes every object and revision of the workspace, in one transaction, and ends its watches
    /// (<see cref="CloseWatchesAsync"/>). Its head row stays, with the compaction point raised to
    /// its revision: a name's revisions never start over, so a workspace made later under the same
    /// name goes on from there, and every cache keyed by revision (watch caches, resource versions
    /// clients hold) stays right on every replica without being told.
    /// </summary>
    Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default);

    /// <summary>
    /// Ends every watch of the workspace with Compacted (clients re-list, as on 410), in this process
    /// at once and in the others sharing the datastore when the notification reaches them: for a
    /// workspace whose rows were moved or removed.
    /// </summary>
    Task CloseWatchesAsync(string workspace, CancellationToken ct = default);

    /// <summary>Throws <see cref="StoreException"/> (Unavailable) unless the database answers now.</summary>
    Task CheckHealthAsync(CancellationToken ct = default);
}
