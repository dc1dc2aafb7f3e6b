using System.Diagnostics;
using Berth.Engine.Store.Sql;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store.Watch;

/// <summary>
/// The watch cache of one workspace in this process: a single reader that tails the log after
/// each wake-up and fans every event out to all of the workspace's watchers, plus a buffer of
/// recent events so a watcher that starts a little behind needs no database read. N watchers
/// cost one log read per wake-up, not N.
/// </summary>
internal sealed class WorkspaceFeed : IAsyncDisposable
{
    private const int ReadBatch = 1000;

    private readonly object gate = new();
    private readonly string workspace;
    private readonly IStoreDriver driver;
    private readonly RevisionStoreOptions options;
    private readonly ILogger logger;
    private readonly Queue<WatchEvent> buffer = new();
    private readonly List<Watcher> watchers = [];
    private readonly AsyncSignal signal = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    // Every event at or below lastRevision has been fanned out; the buffer holds every event in (coveredFrom, lastRevision].
    private long lastRevision;
    private long coveredFrom;
    private long knownRevision;

    // A wake-up that must read the log even when no revision past the last one read is known:
    // "something may have been missed", a failed read to retry, a reset.
    private bool mustRead;
    private long wokenAt;

    // Set under the gate by the idle sweep: no watcher was here at the previous sweep.
    private bool idleAtLastSweep;
    private bool retired;

    private WorkspaceFeed(string workspace, IStoreDriver driver, RevisionStoreOptions options, ILogger logger, long head)
    {
        this.workspace = workspace;
        this.driver = driver;
        this.options = options;
        this.logger = logger;
        lastRevision = coveredFrom = knownRevision = head;
        loop = Task.Run(RunAsync);
    }

    public static async Task<WorkspaceFeed> StartAsync(string workspace, IStoreDriver driver, RevisionStoreOptions options, ILogger logger, CancellationToken ct)
    {
        var head = await driver.ReadHeadAsync(workspace, ct);
        return new WorkspaceFeed(workspace, driver, options, logger, head.Revision);
    }

    public (long Events, long Lag, long Watchers) Sample()
    {
        lock (gate)
        {
            return (buffer.Count, Math.Max(0, knownRevision - lastRevision), watchers.Count);
        }
    }

    /// <summary>Says that <paramref name="revision"/> has been committed (by this process or, via NOTIFY, another).</summary>
    public void Wake(long revision)
    {
        lock (gate)
        {
            // long.MaxValue means "something may have been missed", not a revision anyone wrote.
            if (revision != long.MaxValue)
            {
                knownRevision = Math.Max(knownRevision, revision);
            }
            else
            {
                mustRead = true;
            }

            if (revision <= lastRevision)
            {
                return;
            }

            if (wokenAt == 0)
            {
                wokenAt = Stopwatch.GetTimestamp();
            }
        }

        signal.Set();
    }

    /// <summary>Opens a watch; null when the feed has been retired meanwhile (then open one on a new feed).</summary>
    public async Task<IWatch?> TryOpenAsync(string prefix, long fromRevision, CancellationToken ct)
    {
        // Checked against the database, not the buffer: a watch below the compaction point fails
        // the same way whether or not this process still happens to hold the events.
        var head = await driver.ReadHeadAsync(workspace, ct);
        if (fromRevision < head.CompactedRevision)
        {
            throw Compacted(fromRevision, head.CompactedRevision);
        }

        Watcher watcher;
        long caughtUpTo;
        lock (gate)
        {
            if (retired)
            {
                return null;
            }

            var fromBuffer = fromRevision >= coveredFrom;
            watcher = new Watcher(this, prefix, fromRevision, Math.Max(lastRevision, fromRevision), options.WatcherQueueLimit, catchingUp: !fromBuffer);
            caughtUpTo = lastRevision;
            watchers.Add(watcher);
            if (fromBuffer)
            {
                foreach (var e in buffer)
                {
                    if (!watcher.Offer(e))
                    {
                        watchers.Remove(watcher);
                        break;
                    }
                }

                return watcher;
            }
        }

        // Compaction that lands from here on is caught by the gap check in the catch-up.
        _ = Task.Run(() => CatchUpAsync(watcher, fromRevision, caughtUpTo));
        return watcher;
    }

    /// <summary>
    /// Called by the idle sweep: true (and the feed refuses new watchers from then on) when it has
    /// had no watcher at this sweep and the one before, so the caller can drop and dispose it.
    /// </summary>
    public bool TryRetire()
    {
        lock (gate)
        {
            if (watchers.Count > 0)
            {
                idleAtLastSweep = false;
                return false;
            }

            retired = idleAtLastSweep;
            idleAtLastSweep = true;
            return retired;
        }
    }

    public void Remove(Watcher watcher)
    {
        lock (gate)
        {
            watchers.Remove(watcher);
        }
    }

    public ValueTask DisposeAsync() => StopAsync(new StoreException(StoreErrorCode.Unavailable, "the store is closing"));

    /// <summary>
    /// Retires the feed and ends its watchers with Compacted, for a workspace renamed or deleted:
    /// clients re-list, as after a 410, and find the workspace gone.
    /// </summary>
    public async Task CloseAsync()
    {
        lock (gate)
        {
            retired = true;
        }

        await StopAsync(Compacted(lastRevision, lastRevision));
    }

    private async ValueTask StopAsync(StoreException reason)
    {
        stopping.Cancel();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        lock (gate)
        {
            foreach (var watcher in watchers)
            {
                watcher.Fail(reason);
            }

            watchers.Clear();
        }
    }

    /// <summary>Reads (from, to] from the database into one watcher, then lets it go live.</summary>
    private async Task CatchUpAsync(Watcher watcher, long from, long to)
    {
        try
        {
            var next = from + 1;
            while (next <= to && !watcher.Closed.IsCancellationRequested)
            {
                var slice = await driver.ReadLogAsync(workspace, next - 1, ReadBatch, watcher.Closed);
                foreach (var row in slice.Rows)
                {
                    if (row.Revision > to)
                    {
                        break;
                    }

                    // Revisions are gapless, so a missing one can only mean compaction removed it under us.
                    if (row.Revision != next)
                    {
                        throw Compacted(next - 1, slice.CompactedRevision);
                    }

                    if (row.Key.StartsWith(watcher.Prefix, StringComparison.Ordinal))
                    {
                        await watcher.WriteCaughtUpAsync(row.ToEvent());
                    }

                    next++;
                }

                if (slice.Rows.Count == 0 && next <= to)
                {
                    throw Compacted(next - 1, slice.CompactedRevision);
                }
            }

            lock (gate)
            {
                if (!watcher.FinishCatchUp())
                {
                    watchers.Remove(watcher);
                }
            }
        }
        catch (OperationCanceledException) when (watcher.Closed.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            watcher.Fail(e as StoreException ?? new StoreException(StoreErrorCode.Unavailable, $"watch catch-up failed: {e.Message}", e));
            Remove(watcher);
        }
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            bool woken;
            try
            {
                woken = await signal.WaitAsync(options.SafetyPollInterval, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (woken ? !HasNewRevisions() : !HasWatchers())
            {
                continue;
            }

            try
            {
                await TailAsync();
                failures = 0;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: watchers simply wait; the next wake-up or poll retries.
                failures++;
                logger.LogWarning("watch cache of workspace {Workspace} cannot read the log: {Reason}", workspace, e.Message);
                try
                {
                    await Task.Delay(Backoff.After(failures), stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (gate)
                {
                    mustRead = true;
                }

                signal.Set();
            }
        }
    }

    /// <summary>
    /// Whether a wake-up still has something to read. A commit in this process wakes the feed at once
    /// and its NOTIFY wakes it again a moment later, usually while the first read is under way or
    /// after it: that second wake-up names a revision already read, and costs no query.
    /// </summary>
    private bool HasNewRevisions()
    {
        lock (gate)
        {
            var read = mustRead || knownRevision > lastRevision;
            mustRead = false;
            return read;
        }
    }

    private bool HasWatchers()
    {
        lock (gate)
        {
            return watchers.Count > 0;
        }
    }

    /// <summary>Reads every new row of the log and fans it out, in batches, until there is none.</summary>
    private async Task TailAsync()
    {
        while (true)
        {
            long after;
            lock (gate)
            {
                after = lastRevision;
            }

            var slice = await driver.ReadLogAsync(workspace, after, ReadBatch, stopping.Token);
            if (slice.Rows.Count > 0 && slice.Rows[0].Revision != after + 1 || !IsConsecutive(slice.Rows))
            {
                Reset(slice);
                return;
            }

            lock (gate)
            {
                foreach (var row in slice.Rows)
                {
                    Publish(row.ToEvent());
                }

                if (wokenAt != 0 && slice.Rows.Count > 0)
                {
                    StoreMetrics.WatchDeliveryDuration.Record(Stopwatch.GetElapsedTime(wokenAt).TotalSeconds);
                }

                if (slice.Rows.Count < ReadBatch)
                {
                    wokenAt = 0;
                    return;
                }
            }
        }
    }

    private void Publish(WatchEvent e)
    {
        buffer.Enqueue(e);
        while (buffer.Count > options.WatchCacheEvents)
        {
            coveredFrom = buffer.Dequeue().Revision;
        }

        lastRevision = e.Revision;
        knownRevision = Math.Max(knownRevision, lastRevision);
        List<Watcher>? cutOff = null;
        foreach (var watcher in watchers)
        {
            if (!watcher.Offer(e))
            {
                (cutOff ??= []).Add(watcher);
            }
        }

        if (cutOff is not null)
        {
            watchers.RemoveAll(cutOff.Contains);
        }
    }

    /// <summary>Compaction removed revisions this feed had not read: its watchers cannot be served gaplessly, so they end with Compacted and the feed restarts at the log's end.</summary>
    private void Reset(LogSlice slice)
    {
        lock (gate)
        {
            logger.LogWarning("watch cache of workspace {Workspace} fell behind compaction at revision {Revision}; its watchers must re-watch", workspace, slice.CompactedRevision);
            foreach (var watcher in watchers)
            {
                watcher.Fail(Compacted(lastRevision, slice.CompactedRevision));
            }

            watchers.Clear();
            buffer.Clear();
            var end = slice.Rows.Count > 0 ? slice.Rows[^1].Revision : slice.CompactedRevision;
            lastRevision = coveredFrom = Math.Max(end, slice.CompactedRevision);
            mustRead = true;
        }

        signal.Set();
    }

    private static bool IsConsecutive(IReadOnlyList<LogRow> rows)
    {
        for (var i = 1; i < rows.Count; i++)
        {
            if (rows[i].Revision != rows[i - 1].Revision + 1)
            {
                return false;
            }
        }

        return true;
    }

    private static StoreException Compacted(long revision, long compacted) =>
        new(StoreErrorCode.Compacted, $"revision {revision} has been compacted (history starts after {compacted})") { CompactedRevision = compacted };
}
