using Berth.Engine.Store;

namespace Berth.Engine.Resources.DryRun;

/// <summary>
/// The store as a dry run (<c>dryRun=All</c>) sees it: reads go to the real store; writes are judged
/// exactly as the store would judge them (AlreadyExists, NotFound, a stale revision's Conflict) and
/// answer with what would have been stored, but nothing is appended, so no revision is taken and no
/// watcher hears of it. Running the whole registry over it does every check and default of a write
/// and stores nothing, which is what Kubernetes' DryRunnableStorage does.
/// </summary>
internal sealed class DryRunStore(IRevisionStore store) : IRevisionStore
{
    public string Driver => store.Driver;

    /// <summary>A dry-run create has no revision: the object comes back without a resourceVersion, as in Kubernetes.</summary>
    public async Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default)
    {
        if (await store.GetAsync(workspace, key, ct: ct) is { } live)
        {
            throw new StoreException(StoreErrorCode.AlreadyExists, $"key {key} already exists") { ActualRevision = live.Revision };
        }

        return new KeyValue(key, value, 0, 0);
    }

    /// <summary>A dry-run update answers with the new value at the revision it replaces.</summary>
    public async Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default)
    {
        var live = await Live(workspace, key, expectedRevision, ct);
        return live with { Value = value };
    }

    /// <summary>A dry-run delete answers with the value as it is.</summary>
    public Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default) =>
        Live(workspace, key, expectedRevision, ct);

    public Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default) =>
        store.GetAsync(workspace, key, atRevision, ct);

    public Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default) =>
        store.ListAsync(workspace, prefix, limit, continueToken, atRevision, ct);

    public Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default) =>
        store.HistoryAsync(workspace, key, ct);

    public Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default) => store.CurrentRevisionAsync(workspace, ct);

    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default) => store.ListWorkspacesAsync(ct);

    public Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default) => store.CompactedRevisionAsync(workspace, ct);

    public Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default) =>
        store.WatchAsync(workspace, prefix, fromRevision, ct);

    /// <summary>Compaction is no request's business, dry or not.</summary>
    public Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default) =>
        throw new InvalidOperationException("a dry run does not compact");

    public Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) =>
        throw new InvalidOperationException("a dry run does not mark revisions");

    public Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => store.MarkedRevisionAsync(workspace, at, ct);

    public Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default) =>
        throw new InvalidOperationException("a dry run does not purge workspaces");

    public Task CloseWatchesAsync(string workspace, CancellationToken ct = default) =>
        throw new InvalidOperationException("a dry run does not close watches");

    public Task CheckHealthAsync(CancellationToken ct = default) => store.CheckHealthAsync(ct);

    /// <summary>The real store belongs to whoever opened it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<KeyValue> Live(string workspace, string key, long? expectedRevision, CancellationToken ct)
    {
        var live = await store.GetAsync(workspace, key, ct: ct) ?? throw new StoreException(StoreErrorCode.NotFound, $"key {key} not found");
        if (expectedRevision is { } expected && expected != live.Revision)
        {
            throw new StoreException(StoreErrorCode.Conflict, $"key {key} is at revision {live.Revision}, not {expected}") { ActualRevision = live.Revision };
        }

        return live;
    }
}
