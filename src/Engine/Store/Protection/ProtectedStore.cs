namespace Berth.Engine.Store.Protection;

/// <summary>
/// The revision store with the values of some keys protected at rest (<see cref="IValueProtector"/>):
/// writes store what the protector makes of them, and every read (get, list, history, watch, the
/// value a write or delete returns) hands back the value as written. Callers above it, the registry,
/// controllers, informers, the agent hub and the dashboard, never see a protected value, and the
/// registry's "nothing changed" check compares the values as written, not their ciphertexts.
/// Keys outside the protector's prefix pass through untouched (a watch of them is the inner one).
/// </summary>
public sealed class ProtectedStore(IRevisionStore inner, IValueProtector protector) : IRevisionStore
{
    private const int ListPageSize = 500;
    private const int WriteAttempts = 5;

    public string Driver => inner.Driver;

    public async Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default)
    {
        var created = await inner.CreateAsync(workspace, key, Protect(key, value), ct);
        return Covers(key) ? created with { Value = value } : created;
    }

    public async Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default)
    {
        var updated = await inner.UpdateAsync(workspace, key, Protect(key, value), expectedRevision, ct);
        return Covers(key) ? updated with { Value = value } : updated;
    }

    public async Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default) =>
        Unprotect(await inner.DeleteAsync(workspace, key, expectedRevision, ct));

    public async Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default) =>
        await inner.GetAsync(workspace, key, atRevision, ct) is { } value ? Unprotect(value) : null;

    public async Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default)
    {
        var page = await inner.ListAsync(workspace, prefix, limit, continueToken, atRevision, ct);
        return Overlaps(prefix) ? page with { Items = page.Items.Select(Unprotect).ToList() } : page;
    }

    public async Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default)
    {
        var history = await inner.HistoryAsync(workspace, key, ct);
        return Covers(key) ? history.Select(Unprotect).ToList() : history;
    }

    public async Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default)
    {
        var watch = await inner.WatchAsync(workspace, prefix, fromRevision, ct);
        return Overlaps(prefix) ? new ProtectedWatch(watch, Unprotect) : watch;
    }

    public Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default) => inner.CurrentRevisionAsync(workspace, ct);

    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default) => inner.ListWorkspacesAsync(ct);

    public Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default) => inner.CompactedRevisionAsync(workspace, ct);

    public Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default) => inner.CompactAsync(workspace, revision, ct);

    public Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => inner.MarkRevisionAsync(workspace, at, ct);

    public Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => inner.MarkedRevisionAsync(workspace, at, ct);

    public Task CheckHealthAsync(CancellationToken ct = default) => inner.CheckHealthAsync(ct);

    public Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default) => inner.PurgeWorkspaceAsync(workspace, ct);

    public Task CloseWatchesAsync(string workspace, CancellationToken ct = default) => inner.CloseWatchesAsync(workspace, ct);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>
    /// Rewrites, in every workspace, each current value under the protector's prefix that is not
    /// protected as a write now would be (stored before protection began, or under a key that is no
    /// longer the primary): an ordinary compare-and-swap update of the same value, so it takes a
    /// revision and watchers see it. Older revisions stay as they were written. A value it cannot
    /// read is left alone and reported; a concurrent writer's value is read again.
    /// </summary>
    public async Task<ReprotectResult> ReprotectAsync(CancellationToken ct = default)
    {
        var rewritten = 0;
        var unreadable = new List<string>();
        foreach (var workspace in await inner.ListWorkspacesAsync(ct))
        {
            string? next = null;
            do
            {
                var page = await inner.ListAsync(workspace, protector.Prefix, ListPageSize, next, ct: ct);
                foreach (var stored in page.Items)
                {
                    try
                    {
                        rewritten += await ReprotectAsync(workspace, stored, ct) ? 1 : 0;
                    }
                    catch (Exception e) when (e is not (OperationCanceledException or StoreException))
                    {
                        unreadable.Add($"{workspace}: {e.Message}");
                    }
                }

                next = page.Continue;
            }
            while (next is not null);
        }

        return new ReprotectResult(rewritten, unreadable);
    }

    private async Task<bool> ReprotectAsync(string workspace, KeyValue stored, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (protector.IsCurrent(stored.Value))
            {
                return false;
            }

            try
            {
                await UpdateAsync(workspace, stored.Key, protector.Unprotect(stored.Key, stored.Value), stored.Revision, ct);
                return true;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.Conflict && attempt < WriteAttempts)
            {
                // Written since it was listed: judge the newer value (a writer now protects it already).
                if (await inner.GetAsync(workspace, stored.Key, ct: ct) is not { } newer)
                {
                    return false;
                }

                stored = newer;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.NotFound)
            {
                return false; // deleted since it was listed
            }
        }
    }

    private bool Covers(string key) => key.StartsWith(protector.Prefix, StringComparison.Ordinal);

    /// <summary>Whether some key under <paramref name="prefix"/> is protected: the prefix is inside the protected one, or contains it.</summary>
    private bool Overlaps(string prefix) =>
        prefix.StartsWith(protector.Prefix, StringComparison.Ordinal) || protector.Prefix.StartsWith(prefix, StringComparison.Ordinal);

    private byte[] Protect(string key, byte[] value) => Covers(key) ? protector.Protect(key, value) : value;

    private KeyValue Unprotect(KeyValue stored) =>
        Covers(stored.Key) ? stored with { Value = protector.Unprotect(stored.Key, stored.Value) } : stored;

    private WatchEvent Unprotect(WatchEvent change) =>
        Covers(change.Object.Key) ? change with { Object = Unprotect(change.Object) } : change;
}
