using System.Collections.Concurrent;
using Berth.Engine.Resources;
using Berth.Engine.Store;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// The informers of one process, one per kind per workspace, created and started on first use and
/// shared by every controller that asks, so N controllers watching pods cost one watch and one cache.
/// </summary>
public sealed class SharedInformers(IRevisionStore store, ResourceRegistry registry, InformerOptions options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Workspace, ResourceType Type), Lazy<Informer>> informers = new();
    private readonly ILogger logger = loggerFactory.CreateLogger<Informer>();
    private int disposed;

    public ResourceRegistry Registry => registry;

    public IRevisionStore Store => store;

    /// <summary>The informer of <paramref name="type"/> in <paramref name="workspace"/>, started if it was not yet; it may not have synced.</summary>
    public Informer For(string workspace, ResourceType type)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return informers.GetOrAdd((workspace, type), key => new Lazy<Informer>(() =>
        {
            var informer = new Informer(store, key.Workspace, key.Type, options, logger);
            informer.Start();
            return informer;
        })).Value;
    }

    /// <summary>The informer of <paramref name="type"/> in <paramref name="workspace"/>, once its cache holds the first list.</summary>
    public async Task<Informer> SyncedAsync(string workspace, ResourceType type, CancellationToken ct)
    {
        var informer = For(workspace, type);
        await informer.WhenSynced.WaitAsync(ct);
        return informer;
    }

    /// <summary>The informer of <paramref name="type"/> in <paramref name="workspace"/> if one runs, without starting one.</summary>
    public Informer? Find(string workspace, ResourceType type) =>
        informers.TryGetValue((workspace, type), out var lazy) && lazy.IsValueCreated ? lazy.Value : null;

    /// <summary>The informers running for <paramref name="workspace"/>.</summary>
    public IReadOnlyList<Informer> In(string workspace) =>
        informers.Where(e => e.Key.Workspace == workspace && e.Value.IsValueCreated).Select(e => e.Value.Value).ToList();

    /// <summary>Stops and forgets the informers of a workspace that is gone.</summary>
    public async Task RemoveWorkspaceAsync(string workspace)
    {
        foreach (var key in informers.Keys.Where(k => k.Workspace == workspace).ToList())
        {
            if (informers.TryRemove(key, out var lazy) && lazy.IsValueCreated)
            {
                await lazy.Value.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(informers.Values.Where(l => l.IsValueCreated).Select(l => l.Value.DisposeAsync().AsTask()));
        informers.Clear();
    }
}
