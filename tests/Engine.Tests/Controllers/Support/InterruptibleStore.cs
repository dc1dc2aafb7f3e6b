using System.Threading.Channels;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Controllers.Support;

/// <summary>
/// A real store whose watches a test can break, as the store breaks them itself when compaction
/// overtakes a reader or a watcher falls too far behind: <see cref="Interrupt"/> ends every open
/// watch with an error and holds new ones back until <see cref="Resume"/>, so the test can change
/// (and compact) the store while a client is not watching. Everything else goes straight through.
/// </summary>
internal sealed class InterruptibleStore(IRevisionStore inner) : IRevisionStore
{
    private readonly Lock gate = new();
    private readonly List<Channel<WatchEvent>> open = [];
    private TaskCompletionSource resumed = Resumed();

    public string Driver => inner.Driver;

    /// <summary>How many watches have been opened through this store.</summary>
    public int WatchesOpened { get; private set; }

    public void Interrupt(StoreErrorCode code)
    {
        lock (gate)
        {
            resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var channel in open)
            {
                channel.Writer.TryComplete(new StoreException(code, "interrupted by the test"));
            }

            open.Clear();
        }
    }

    public void Resume()
    {
        lock (gate)
        {
            resumed.TrySetResult();
        }
    }

    public async Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct = default)
    {
        Task wait;
        lock (gate)
        {
            wait = resumed.Task;
        }

        await wait.WaitAsync(ct);
        var watch = await inner.WatchAsync(workspace, prefix, fromRevision, ct);
        var channel = Channel.CreateUnbounded<WatchEvent>();
        lock (gate)
        {
            open.Add(channel);
            WatchesOpened++;
        }

        _ = PumpAsync(watch, channel);
        return new Relayed(watch, channel);
    }

    public Task<KeyValue> CreateAsync(string workspace, string key, byte[] value, CancellationToken ct = default) => inner.CreateAsync(workspace, key, value, ct);

    public Task<KeyValue> UpdateAsync(string workspace, string key, byte[] value, long expectedRevision, CancellationToken ct = default) =>
        inner.UpdateAsync(workspace, key, value, expectedRevision, ct);

    public Task<KeyValue> DeleteAsync(string workspace, string key, long? expectedRevision = null, CancellationToken ct = default) =>
        inner.DeleteAsync(workspace, key, expectedRevision, ct);

    public Task<KeyValue?> GetAsync(string workspace, string key, long? atRevision = null, CancellationToken ct = default) =>
        inner.GetAsync(workspace, key, atRevision, ct);

    public Task<ListPage> ListAsync(string workspace, string prefix, int limit = 0, string? continueToken = null, long? atRevision = null, CancellationToken ct = default) =>
        inner.ListAsync(workspace, prefix, limit, continueToken, atRevision, ct);

    public Task<IReadOnlyList<WatchEvent>> HistoryAsync(string workspace, string key, CancellationToken ct = default) => inner.HistoryAsync(workspace, key, ct);

    public Task<long> CurrentRevisionAsync(string workspace, CancellationToken ct = default) => inner.CurrentRevisionAsync(workspace, ct);

    public Task<IReadOnlyList<string>> ListWorkspacesAsync(CancellationToken ct = default) => inner.ListWorkspacesAsync(ct);

    public Task<long> CompactedRevisionAsync(string workspace, CancellationToken ct = default) => inner.CompactedRevisionAsync(workspace, ct);

    public Task<CompactResult> CompactAsync(string workspace, long revision, CancellationToken ct = default) => inner.CompactAsync(workspace, revision, ct);

    public Task MarkRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => inner.MarkRevisionAsync(workspace, at, ct);

    public Task<long?> MarkedRevisionAsync(string workspace, DateTimeOffset at, CancellationToken ct = default) => inner.MarkedRevisionAsync(workspace, at, ct);

    public Task PurgeWorkspaceAsync(string workspace, CancellationToken ct = default) => inner.PurgeWorkspaceAsync(workspace, ct);

    public Task CloseWatchesAsync(string workspace, CancellationToken ct = default) => inner.CloseWatchesAsync(workspace, ct);

    public Task CheckHealthAsync(CancellationToken ct = default) => inner.CheckHealthAsync(ct);

    /// <summary>The inner store belongs to the fixture that opened it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource Resumed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private static async Task PumpAsync(IWatch watch, Channel<WatchEvent> channel)
    {
        try
        {
            await foreach (var change in watch.Events.ReadAllAsync())
            {
                if (!channel.Writer.TryWrite(change))
                {
                    break; // interrupted
                }
            }

            channel.Writer.TryComplete();
        }
        catch (Exception e)
        {
            channel.Writer.TryComplete(e);
        }
    }

    private sealed class Relayed(IWatch inner, Channel<WatchEvent> channel) : IWatch
    {
        public ChannelReader<WatchEvent> Events => channel.Reader;

        public long StartRevision => inner.StartRevision;

        public async ValueTask DisposeAsync()
        {
            channel.Writer.TryComplete();
            await inner.DisposeAsync();
        }
    }
}
