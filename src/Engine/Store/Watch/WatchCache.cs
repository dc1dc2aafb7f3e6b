using System.Collections.Concurrent;
using Berth.Engine.Store.Sql;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store.Watch;

/// <summary>
/// The process's watch cache: one <see cref="WorkspaceFeed"/> per watched workspace, created on
/// the first watch. Writes in this process and notifications from other processes wake the feed.
/// </summary>
internal sealed class WatchCache : IAsyncDisposable
{
    private readonly IStoreDriver driver;
    private readonly RevisionStoreOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<WorkspaceFeed>>> feeds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task sweeper;

    public WatchCache(IStoreDriver driver, RevisionStoreOptions options)
    {
        this.driver = driver;
        this.options = options;
        logger = options.LoggerFactory.CreateLogger<WatchCache>();
        StoreMetrics.Register(this, Sample);
        sweeper = Task.Run(SweepIdleFeedsAsync);
    }

    /// <summary>Raised after each idle sweep with how many workspace feeds remain (tests wait on it).</summary>
    internal event Action<int>? Swept;

    public async Task<IWatch> WatchAsync(string workspace, string prefix, long fromRevision, CancellationToken ct)
    {
        while (true)
        {
            var feed = await GetFeedAsync(workspace, ct);
            if (await feed.TryOpenAsync(prefix, fromRevision, ct) is { } watch)
            {
                return watch;
            }

            // The idle sweep retired that feed between our lookup and the open: it is being
            // removed, so the next lookup starts a fresh one.
            await Task.Yield();
        }
    }

    public void Wake(string workspace, long revision)
    {
        if (feeds.TryGetValue(workspace, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.Wake(revision);
        }
    }

    /// <summary>After missed notifications (a reconnect), every feed reads the log again.</summary>
    public void WakeAll()
    {
        foreach (var workspace in feeds.Keys)
        {
            Wake(workspace, long.MaxValue);
        }
    }

    /// <summary>
    /// Ends the workspace's watches with Compacted and forgets its feed: its rows were moved or
    /// removed (a rename, a deletion). A watch opened afterwards starts a fresh feed.
    /// </summary>
    public async Task CloseAsync(string workspace)
    {
        if (feeds.TryRemove(workspace, out var lazy) && lazy.IsValueCreated)
        {
            try
            {
                var feed = await lazy.Value;
                await feed.CloseAsync();
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "the watch feed of workspace {Workspace} never started; nothing to close", workspace);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        StoreMetrics.Unregister(this);
        await stopping.CancelAsync();
        await sweeper;
        foreach (var lazy in feeds.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await lazy.Value.Result.DisposeAsync();
            }
        }
    }

    private async Task SweepIdleFeedsAsync()
    {
        using var timer = new PeriodicTimer(options.IdleFeedSweep);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                foreach (var (workspace, lazy) in feeds)
                {
                    if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.TryRetire()
                        && feeds.TryRemove(KeyValuePair.Create(workspace, lazy)))
                    {
                        logger.LogDebug("closed the watch feed of workspace {Workspace}: nobody watched it for a while", workspace);
                        await lazy.Value.Result.DisposeAsync();
                    }
                }

                Swept?.Invoke(feeds.Count);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<WorkspaceFeed> GetFeedAsync(string workspace, CancellationToken ct)
    {
        var lazy = feeds.GetOrAdd(workspace, ws => new Lazy<Task<WorkspaceFeed>>(
            () => WorkspaceFeed.StartAsync(ws, driver, options, logger, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(ct);
        }
        catch when (lazy.Value.IsFaulted)
        {
            feeds.TryRemove(new KeyValuePair<string, Lazy<Task<WorkspaceFeed>>>(workspace, lazy));
            throw;
        }
    }

    private (long Events, long Lag, long Watchers) Sample()
    {
        long events = 0, lag = 0, watchers = 0;
        foreach (var lazy in feeds.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                var (e, l, w) = lazy.Value.Result.Sample();
                events += e;
                lag += l;
                watchers += w;
            }
        }

        return (events, lag, watchers);
    }
}
