using System.Threading.Channels;
using Berth.Engine.Resources;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// Keeps a cache of one kind in one workspace in step with the store, as client-go's informers
/// do: it lists, then watches from the list's revision, so no change is missed or seen twice;
/// when the store has compacted past the revision it needs (410 Gone) it lists again and tells
/// its handlers the difference. Controllers read the <see cref="Cache"/> instead of the store and
/// learn about changes through handlers; one informer per kind per workspace serves them all
/// (see <see cref="SharedInformers"/>).
/// </summary>
public sealed partial class Informer : IAsyncDisposable
{
    private readonly IRevisionStore store;
    private readonly InformerOptions options;
    private readonly ILogger logger;
    private readonly string prefix;
    // Serializes every call to handlers (events, relists, resyncs, a new handler's replay), so each
    // handler sees one ordered story. Never held by cache reads, so handlers may read any cache.
    private readonly Lock dispatch = new();
    private readonly List<IObjectHandler> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;
    private long revision;
    private int relists;

    internal Informer(IRevisionStore store, string workspace, ResourceType type, InformerOptions options, ILogger logger)
    {
        this.store = store;
        this.options = options;
        this.logger = logger;
        Workspace = workspace;
        Type = type;
        prefix = ResourceKeys.Prefix(type);
    }

    public string Workspace { get; }

    public ResourceType Type { get; }

    public ObjectCache Cache { get; } = new();

    /// <summary>Completes once the first list is in the cache: before that, an absent object may just not be loaded yet.</summary>
    public Task WhenSynced => synced.Task;

    /// <summary>The newest revision the cache reflects.</summary>
    public long Revision => Interlocked.Read(ref revision);

    /// <summary>How many times the informer listed again because the store had compacted past it.</summary>
    public int Relists => Volatile.Read(ref relists);

    public CachedObject? Get(string? @namespace, string name) => Cache.Get(ResourceKeys.For(Type, @namespace, name));

    /// <summary>The cached objects of one namespace, or all of them when <paramref name="namespace"/> is null.</summary>
    public IReadOnlyList<CachedObject> List(string? @namespace = null) =>
        @namespace is null || !Type.Namespaced ? Cache.List() : Cache.ByIndex(ObjectCache.NamespaceIndex, @namespace);

    /// <summary>
    /// Adds a handler. It is first told about every object cached now (as added), then about every
    /// change after, with nothing missed or repeated in between.
    /// </summary>
    public void AddHandler(IObjectHandler handler)
    {
        lock (dispatch)
        {
            foreach (var obj in Cache.List())
            {
                Call(h => h.OnAdded(obj), handler);
            }

            handlers.Add(handler);
        }
    }

    /// <summary>
    /// Removes a handler (a dashboard page that closed, say). Once this returns it is not called
    /// again: a call in progress finishes first, because calls and removals take the same lock.
    /// </summary>
    public void RemoveHandler(IObjectHandler handler)
    {
        lock (dispatch)
        {
            handlers.Remove(handler);
        }
    }

    internal void Start()
    {
        running = Task.WhenAll(
            Task.Run(() => WatchLoopAsync(stopping.Token)),
            Task.Run(() => ResyncLoopAsync(stopping.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        synced.TrySetCanceled();
        stopping.Dispose();
    }

    private async Task WatchLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        var needList = true;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAsync(ct);
                    needList = false;
                    synced.TrySetResult();
                }

                await using var watch = await store.WatchAsync(Workspace, prefix, Revision, ct);
                failures = 0;
                while (await watch.Events.WaitToReadAsync(ct))
                {
                    while (watch.Events.TryRead(out var change))
                    {
                        Apply(change);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (StoreError(e) is StoreErrorCode.Compacted)
            {
                // The revision we would resume from is gone: only a new list can tell what changed.
                needList = true;
                Interlocked.Increment(ref relists);
                ControllerMetrics.InformerRelists.Add(1, new KeyValuePair<string, object?>("resource", Type.QualifiedResource));
                LogRelist(logger, Type.QualifiedResource, Workspace, Revision);
            }
            catch (Exception e) when (StoreError(e) is StoreErrorCode.WatcherTooSlow)
            {
                // Cut off for falling behind: resume from the last revision applied (or list, if that is compacted by now).
            }
            catch (Exception e)
            {
                failures++;
                LogWatchFailed(logger, e, Type.QualifiedResource, Workspace, failures);
                await Task.Delay(Backoff.After(failures), options.Time, ct);
            }
        }
    }

    private async Task ListAsync(CancellationToken ct)
    {
        var items = new List<CachedObject>();
        var page = await store.ListAsync(Workspace, prefix, options.ListPageSize, ct: ct);
        items.AddRange(page.Items.Select(Parse).OfType<CachedObject>());
        while (page.Continue is { } token)
        {
            page = await store.ListAsync(Workspace, prefix, options.ListPageSize, token, ct: ct);
            items.AddRange(page.Items.Select(Parse).OfType<CachedObject>());
        }

        Replace(items, page.Revision);
    }

    /// <summary>Makes the cache exactly <paramref name="items"/>, telling handlers what was added, changed and removed.</summary>
    private void Replace(IReadOnlyList<CachedObject> items, long listRevision)
    {
        lock (dispatch)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var obj in items)
            {
                listed.Add(obj.Key);
                var old = Cache.Put(obj);
                if (old is null)
                {
                    CallAll(h => h.OnAdded(obj));
                }
                else if (old.Revision != obj.Revision)
                {
                    CallAll(h => h.OnUpdated(old, obj));
                }
            }

            foreach (var gone in Cache.List().Where(o => !listed.Contains(o.Key)))
            {
                Cache.Remove(gone.Key);
                CallAll(h => h.OnDeleted(gone));
            }

            Interlocked.Exchange(ref revision, listRevision);
        }
    }

    private void Apply(WatchEvent change)
    {
        var obj = Parse(change.Object);
        lock (dispatch)
        {
            if (obj is null)
            {
                // Not an object a controller could read: to them it is as good as gone.
                if (Cache.Remove(change.Object.Key) is { } previous)
                {
                    CallAll(h => h.OnDeleted(previous));
                }
            }
            else if (change.Type == WatchEventType.Deleted)
            {
                var last = Cache.Remove(obj.Key) ?? obj;
                CallAll(h => h.OnDeleted(last));
            }
            else if (Cache.Put(obj) is { } old)
            {
                CallAll(h => h.OnUpdated(old, obj));
            }
            else
            {
                CallAll(h => h.OnAdded(obj));
            }

            Interlocked.Exchange(ref revision, change.Revision);
        }
    }

    /// <summary>
    /// The cached form of a stored value, or null for one that is not a JSON object (the store
    /// accepts any JSON): one bad value must not stop the informer for the whole kind.
    /// </summary>
    private CachedObject? Parse(KeyValue value)
    {
        try
        {
            return CachedObject.From(Type, value);
        }
        catch (Exception e)
        {
            LogUnreadable(logger, e, value.Key, Workspace);
            return null;
        }
    }

    private async Task ResyncLoopAsync(CancellationToken ct)
    {
        if (options.ResyncPeriod == Timeout.InfiniteTimeSpan || options.ResyncPeriod <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.ResyncPeriod, options.Time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!WhenSynced.IsCompletedSuccessfully)
            {
                continue;
            }

            lock (dispatch)
            {
                foreach (var obj in Cache.List())
                {
                    CallAll(h => h.OnUpdated(obj, obj));
                }
            }
        }
    }

    private void CallAll(Action<IObjectHandler> call)
    {
        foreach (var handler in handlers)
        {
            Call(call, handler);
        }
    }

    /// <summary>A handler that throws is a bug in it; it must not stop the informer or the other handlers.</summary>
    private void Call(Action<IObjectHandler> call, IObjectHandler handler)
    {
        try
        {
            call(handler);
        }
        catch (Exception e)
        {
            LogHandlerFailed(logger, e, Type.QualifiedResource, Workspace);
        }
    }

    private static StoreErrorCode? StoreError(Exception e) => e switch
    {
        StoreException s => s.Code,
        ChannelClosedException { InnerException: StoreException s } => s.Code,
        _ => null,
    };

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Informer for {Resource} in workspace {Workspace} lists again: revision {Revision} was compacted")]
    private static partial void LogRelist(ILogger logger, string resource, string workspace, long revision);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Informer for {Resource} in workspace {Workspace} failed ({Failures} in a row); retrying")]
    private static partial void LogWatchFailed(ILogger logger, Exception e, string resource, string workspace, int failures);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "Informer skips {Key} in workspace {Workspace}: its value is not a Kubernetes object")]
    private static partial void LogUnreadable(ILogger logger, Exception e, string key, string workspace);

    [LoggerMessage(EventId = 302, Level = LogLevel.Error, Message = "A handler of the {Resource} informer in workspace {Workspace} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception e, string resource, string workspace);
}
