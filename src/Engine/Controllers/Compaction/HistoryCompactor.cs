using System.Collections.Concurrent;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Compaction;

/// <summary>
/// Compacts each workspace's revision log by age. Every <see cref="ControllerOptions.CompactionInterval"/>
/// it marks the workspace's head revision with the time, then compacts to the newest mark older than
/// <see cref="ControllerOptions.HistoryRetention"/>: every value superseded before then goes, every
/// later one stays. kube-apiserver does the same every 5 minutes with a window of one interval;
/// Berth keeps a longer window because object history is something its users read (the dashboard's
/// revisions and diffs), while lease renewals and status churn must not grow the log for ever.
/// The marks live in the store, so a new leader carries on where the last one stopped.
/// </summary>
public sealed partial class HistoryCompactor(ControllerContext context) : Controller<string>("history-compactor", context, workers: 1)
{
    private readonly ConcurrentDictionary<string, bool> attached = new(StringComparer.Ordinal);

    public override Task AttachAsync(string workspace, CancellationToken ct)
    {
        if (Context.Options.HistoryRetention > TimeSpan.Zero)
        {
            attached[workspace] = true;
            Queue.Add(workspace);
        }

        return Task.CompletedTask;
    }

    public override void Detach(string workspace) => attached.TryRemove(workspace, out _);

    protected override async Task<Reconciled> ReconcileAsync(string workspace, CancellationToken ct)
    {
        if (!attached.ContainsKey(workspace))
        {
            return Reconciled.Done; // the workspace went while its next look was queued
        }

        var now = Context.Options.Time.GetUtcNow();
        if (await CompactOnceAsync(Context.Store, workspace, now, Context.Options.HistoryRetention, ct) is { } result)
        {
            LogCompacted(Logger, workspace, result.CompactedRevision, result.RowsRemoved, Context.Options.HistoryRetention);
        }

        return Reconciled.After(Context.Options.CompactionInterval);
    }

    /// <summary>
    /// One round for one workspace at time <paramref name="now"/>: mark the head, then compact to the
    /// newest mark at least <paramref name="retention"/> old. Null when there was nothing to compact.
    /// A workspace compacted up to its head (a purged one: deleted, or renamed away) gets no mark:
    /// there is no history to compact, and marking it would leave rows under a name that holds nothing.
    /// </summary>
    public static async Task<CompactResult?> CompactOnceAsync(IRevisionStore store, string workspace, DateTimeOffset now, TimeSpan retention, CancellationToken ct = default)
    {
        if (await store.CurrentRevisionAsync(workspace, ct) <= await store.CompactedRevisionAsync(workspace, ct))
        {
            return null;
        }

        await store.MarkRevisionAsync(workspace, now, ct);
        if (await store.MarkedRevisionAsync(workspace, now - retention, ct) is not { } revision
            || revision <= await store.CompactedRevisionAsync(workspace, ct))
        {
            return null;
        }

        return await store.CompactAsync(workspace, revision, ct);
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Information, Message = "Compacted workspace {Workspace} to revision {Revision}: {Rows} superseded revisions older than {Retention} removed")]
    private static partial void LogCompacted(ILogger logger, string workspace, long revision, long rows, TimeSpan retention);
}
