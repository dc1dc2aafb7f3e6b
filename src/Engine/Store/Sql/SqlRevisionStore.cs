using System.Diagnostics;
using Berth.Engine.Store.Keys;
using Berth.Engine.Store.Watch;
using Berth.Engine.Store.Write;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store.Sql;

/// <summary>
/// The store's semantics, once, over any <see cref="IStoreDriver"/>: validation, group-committed
/// writes, consistent paged lists, reads at a revision, the watch cache and compaction.
/// </summary>
internal sealed class SqlRevisionStore : IRevisionStore
{
    // Compaction deletes in slices of this many revisions, each its own short transaction, so writers never wait on it.
    private const long CompactionSlice = 20_000;
    private const int ListScanBatch = 1_000;

    private readonly IStoreDriver driver;
    private readonly GroupCommitter committer;
    private readonly WatchCache watchCache;
    private readonly IAsyncDisposable? wakeups;
    private readonly ListCache? listCache;

    public SqlRevisionStore(IStoreDriver driver, RevisionStoreOptions options, Func<WatchCache, IAsyncDisposable?> startWakeups)
    {
        this.driver = driver;
        watchCache = new WatchCache(driver, options);
        committer = new GroupCommitter(driver, options, watchCache.Wake, options.LoggerFactory.CreateLogger<GroupCommitter>());
        wakeups = startWakeups(watchCache);
        if (options.ListCache)
        {
            listCache = new ListCache(ListFromDatabaseAsync, (workspace, from, ct) => WatchAsync(workspace, "", from, ct),
                options.LoggerFactory.CreateLogger<ListCache>());
        }
    }

    public string Driver => driver.Name;

    internal WatchCache WatchCache => watchCache;

    /// <summary>How many lists were answered from memory (<see cref="Watch.ListCache"/>).</summary>
    internal long ListsFromMemory => listCache?.ServedFromMemory ?? 0;

    public Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default)
    {
        Validate(workspace, key);
        ValidateJson(value);
        return committer.SubmitAsync(workspace, new WriteOp(WriteKind.Create, key, value, null));
    }

    public Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default)
    {
        Validate(workspace, key);
        ValidateJson(value);
        return committer.SubmitAsync(workspace, new WriteOp(WriteKind.Update, key, value, expectedRevision));
    }

    public Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default)
    {
        Validate(workspace, key);
        return committer.SubmitAsync(workspace, new WriteOp(WriteKind.Delete, key, null, expectedRevision));
    }

    public async Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default)
    {
        Validate(workspace, key);
        if (atRevision is not { } revision)
        {
            var current = await Guard(driver.ReadCurrentAsync(workspace, key, ct));
            return current is { Deleted: false } ? current.ToKeyValue() : null;
        }

        await CheckReadable(workspace, revision, ct);
        var row = await Guard(driver.ReadAtAsync(workspace, key, revision, ct));
        await CheckNotCompactedPast(workspace, revision, ct);
        return row is { Deleted: false } ? new KeyValue(row.Key, row.Value, row.Revision, row.CreateRevision) : null;
    }

    public async Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        StoreKey.ValidatePrefix(prefix);
        if (limit < 0)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "limit must not be negative");
        }

        var started = Stopwatch.GetTimestamp();
        long pinned;
        var after = prefix;
        var afterIsExclusive = false;
        if (continueToken is not null)
        {
            var token = ContinueToken.Decode(continueToken, prefix);
            pinned = token.Revision;
            after = token.AfterKey;
            afterIsExclusive = true;
            await CheckReadable(workspace, pinned, ct);
        }
        else if (atRevision is { } revision)
        {
            pinned = revision;
            await CheckReadable(workspace, pinned, ct);
        }
        else
        {
            pinned = (await Guard(driver.ReadHeadAsync(workspace, ct))).Revision;
            if (listCache is not null && await listCache.TryListAsync(workspace, prefix, limit, pinned, ct) is { } cached)
            {
                StoreMetrics.ListDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
                return cached;
            }
        }

        // A later page (or a list at a revision): from memory when no write since touched what it reads.
        var page = (listCache is null ? null : await listCache.TryListAtAsync(workspace, prefix, after, afterIsExclusive, limit, pinned, ct))
            ?? await ReadPageAsync(workspace, prefix, after, afterIsExclusive, pinned, limit, ct);
        StoreMetrics.ListDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return page;
    }

    /// <summary>The whole workspace now, from the database: what the list cache loads.</summary>
    private async Task<ListPage> ListFromDatabaseAsync(string workspace, CancellationToken ct)
    {
        var head = (await Guard(driver.ReadHeadAsync(workspace, ct))).Revision;
        return await ReadPageAsync(workspace, "", "", false, head, 0, ct);
    }

    public async Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default)
    {
        Validate(workspace, key);
        var rows = await Guard(driver.ReadHistoryAsync(workspace, key, ct));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        return (await Guard(driver.ReadHeadAsync(workspace, ct))).Revision;
    }

    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default) => Guard(driver.ReadWorkspacesAsync(ct));

    public async Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        return (await Guard(driver.ReadHeadAsync(workspace, ct))).CompactedRevision;
    }

    public async Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        StoreKey.ValidatePrefix(prefix);
        if (fromRevision < 0)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "a watch starts at revision 0 or later");
        }

        return await Guard(watchCache.WatchAsync(workspace, prefix, fromRevision, ct));
    }

    public async Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        var before = await Guard(driver.ReadHeadAsync(workspace, ct));
        if (revision > before.Revision)
        {
            throw new StoreException(StoreErrorCode.FutureRevision, $"cannot compact to revision {revision}: the workspace is at {before.Revision}");
        }

        // Raise the compaction point first: from then on nothing reads below it, so the rows can go.
        var head = await Guard(driver.RaiseCompactedRevisionAsync(workspace, revision, ct));
        long removed = 0;

        // From revision 0 every time: rows kept by an earlier compaction as a key's newest may be superseded now.
        for (long from = 0; from < head.CompactedRevision; from += CompactionSlice)
        {
            var to = Math.Min(from + CompactionSlice, head.CompactedRevision);
            removed += await Guard(driver.CompactRangeAsync(workspace, from, to, head.CompactedRevision, ct));
        }

        await Guard(driver.RemoveTombstonesAsync(workspace, head.CompactedRevision, ct));
        await Guard(driver.RemoveMarksBelowAsync(workspace, head.CompactedRevision, ct));
        return new CompactResult(head.CompactedRevision, removed);
    }

    public Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        return Guard(driver.MarkRevisionAsync(workspace, at.ToUnixTimeMilliseconds(), ct));
    }

    public Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        return Guard(driver.ReadMarkedRevisionAsync(workspace, at.ToUnixTimeMilliseconds(), ct));
    }

    public async Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        await Guard(driver.PurgeAsync(workspace, ct));
        await CloseWatchesAsync(workspace, ct);
    }

    public async Task CloseWatchesAsync(string workspace, CancellationToken ct = default)
    {
        WorkspaceName.Validate(workspace);
        listCache?.Forget(workspace); // before the watches end: no list may be answered from the rows that went
        await watchCache.CloseAsync(workspace);
        await Guard(driver.AnnounceClosedAsync(workspace, ct));
    }

    public Task CheckHealthAsync(CancellationToken ct = default) => Guard(driver.PingAsync(ct));

    public async ValueTask DisposeAsync()
    {
        if (wakeups is not null)
        {
            await wakeups.DisposeAsync();
        }

        await committer.DisposeAsync();
        if (listCache is not null)
        {
            await listCache.DisposeAsync();
        }

        await watchCache.DisposeAsync();
        await driver.DisposeAsync();
    }

    /// <summary>
    /// One page as of <paramref name="pinned"/>, from current_values: rows not changed since the
    /// pinned revision are taken as they are; the few changed since are read back from the log.
    /// </summary>
    private async Task<ListPage> ReadPageAsync(string workspace, string prefix, string after, bool afterIsExclusive, long pinned, int limit, CancellationToken ct)
    {
        var end = StoreKey.PrefixEnd(prefix);
        var want = limit == 0 ? int.MaxValue : limit + 1;
        var items = new List<KeyValue>();
        var lookedBack = false;

        var cursor = after;
        var inclusive = !afterIsExclusive;
        while (items.Count < want)
        {
            // Modest batches keep the plan an ordered index scan: asked for 10,000 rows at once, PostgreSQL
            // sorted a bloated table instead and spilled the sort to disk (bench/README.md).
            // A page reads no more rows than it needs (limit + 1 to know whether more follow).
            var batch = limit == 0 ? ListScanBatch : Math.Min(want - items.Count, 5 * ListScanBatch);
            var rows = await Guard(driver.ScanCurrentAsync(workspace, cursor, inclusive, end, pinned, batch, ct));
            inclusive = false;
            foreach (var row in rows)
            {
                cursor = row.Key;
                if (!StoreKey.HasPrefix(row.Key, prefix))
                {
                    continue;
                }

                if (row.Revision <= pinned)
                {
                    if (!row.Deleted)
                    {
                        items.Add(row.ToKeyValue());
                    }
                }
                else
                {
                    lookedBack = true;
                    var then = await Guard(driver.ReadAtAsync(workspace, row.Key, pinned, ct));
                    if (then is { Deleted: false })
                    {
                        items.Add(new KeyValue(then.Key, then.Value, then.Revision, then.CreateRevision));
                    }
                }

                if (items.Count >= want)
                {
                    break;
                }
            }

            if (rows.Count < batch)
            {
                break;
            }
        }

        if (lookedBack)
        {
            await CheckNotCompactedPast(workspace, pinned, ct);
        }

        if (limit > 0 && items.Count > limit)
        {
            items.RemoveRange(limit, items.Count - limit);
            return new ListPage(items, pinned, new ContinueToken(pinned, items[^1].Key).Encode());
        }

        return new ListPage(items, pinned, null);
    }

    private async Task CheckReadable(string workspace, long revision, CancellationToken ct)
    {
        var head = await Guard(driver.ReadHeadAsync(workspace, ct));
        if (revision < head.CompactedRevision)
        {
            throw new StoreException(StoreErrorCode.Compacted,
                $"revision {revision} has been compacted (history starts at {head.CompactedRevision})") { CompactedRevision = head.CompactedRevision };
        }

        if (revision > head.Revision)
        {
            throw new StoreException(StoreErrorCode.FutureRevision, $"revision {revision} is newer than the workspace's {head.Revision}");
        }
    }

    /// <summary>A compaction that ran while we read old rows may have removed some of them: then the answer is Compacted, never a silently wrong one.</summary>
    private async Task CheckNotCompactedPast(string workspace, long revision, CancellationToken ct)
    {
        var head = await Guard(driver.ReadHeadAsync(workspace, ct));
        if (revision < head.CompactedRevision)
        {
            throw new StoreException(StoreErrorCode.Compacted,
                $"revision {revision} was compacted while being read") { CompactedRevision = head.CompactedRevision };
        }
    }

    /// <summary>Both drivers hold JSON; checking here gives SQLite the rejection PostgreSQL's json column would give, as a clear error.</summary>
    private static void ValidateJson(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, "value is empty; it must be JSON");
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(value);
            while (reader.Read())
            {
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new StoreException(StoreErrorCode.InvalidArgument, $"value is not JSON: {e.Message}");
        }
    }

    private static void Validate(string workspace, string key)
    {
        WorkspaceName.Validate(workspace);
        StoreKey.Validate(key);
    }

    /// <summary>Database failures become Unavailable; the store's own errors pass through.</summary>
    private static async Task<T> Guard<T>(Task<T> task)
    {
        try
        {
            return await task;
        }
        catch (Exception e) when (e is not StoreException and not OperationCanceledException)
        {
            throw new StoreException(StoreErrorCode.Unavailable, $"datastore unavailable: {e.Message}", e);
        }
    }

    private static async Task Guard(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is not StoreException and not OperationCanceledException)
        {
            throw new StoreException(StoreErrorCode.Unavailable, $"datastore unavailable: {e.Message}", e);
        }
    }
}
