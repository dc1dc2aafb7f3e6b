using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Store;
using Berth.Engine.Tests.Controllers.Support;
using Berth.Engine.Tests.Store.Support;
using Berth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Controllers.Runtime;

/// <summary>Informers against the real stores: list, then watch, and list again when the store has compacted past them.</summary>
public abstract class InformerTests(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly ResourceType ConfigMaps = TestObjects.Kind("configmaps");

    [Fact]
    public async Task It_lists_what_exists_then_reports_every_change_in_order()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"a"}}""");
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"b"}}""");
        await using var informers = Informers(Store);

        var informer = await informers.SyncedAsync(objects.Workspace, ConfigMaps, CancellationToken.None);
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        await objects.PatchAsync("configmaps", "default", "a", """{"data":{"k":"v"}}""");
        await objects.DeleteAsync("configmaps", "default", "b");
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"c"}}""");

        string[] expected =
        [
            "added configmaps/default/a", "added configmaps/default/b",
            "updated configmaps/default/a", "deleted configmaps/default/b", "added configmaps/default/c",
        ];
        await Eventually.WaitForAsync("the informer to report every change", () => Task.FromResult(handler.Events),
            events => events.Count >= expected.Length, Within);
        Assert.Equal(expected, handler.Events);
        Assert.Equal(["a", "c"], informer.List("default").Select(o => o.Name).Order());
        Assert.Equal("v", informer.Get("default", "a")!.Object["data"]!["k"]!.GetValue<string>());
        Assert.Equal(await Store.CurrentRevisionAsync(objects.Workspace), informer.Revision);
    }

    [Fact]
    public async Task It_lists_again_when_the_store_compacted_past_it_and_reports_the_difference()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var store = new InterruptibleStore(Store);
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"a"}}""");
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"b"}}""");
        await using var informers = Informers(store);
        var informer = await informers.SyncedAsync(objects.Workspace, ConfigMaps, CancellationToken.None);
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        await Eventually.WaitForAsync("the informer to watch", () => Task.FromResult(store.WatchesOpened), n => n >= 1, Within);

        // The informer loses its watch and, while it is away, the store moves on and compacts the history it would need.
        store.Interrupt(StoreErrorCode.WatcherTooSlow);
        await objects.DeleteAsync("configmaps", "default", "a");
        await objects.PatchAsync("configmaps", "default", "b", """{"data":{"k":"v"}}""");
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"c"}}""");
        await Store.CompactAsync(objects.Workspace, await Store.CurrentRevisionAsync(objects.Workspace));
        store.Resume();

        await Eventually.WaitForAsync("the informer to list again", () => Task.FromResult(handler.Events),
            events => events.Count >= 5, Within);
        Assert.Equal(1, informer.Relists);
        Assert.Equal(
            ["added configmaps/default/c", "deleted configmaps/default/a", "updated configmaps/default/b"],
            handler.Events.Skip(2).Order());
        Assert.Equal(["b", "c"], informer.List().Select(o => o.Name).Order());

        // And it watches again from the list: later changes still arrive.
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"d"}}""");
        await Eventually.WaitForAsync("a change after the relist", () => Task.FromResult(handler.Events),
            events => events.Contains("added configmaps/default/d"), Within);
    }

    [Fact]
    public async Task A_resync_hands_every_cached_object_to_the_handlers_again()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"a"}}""");
        var clock = new ManualTimeProvider();
        await using var informers = Informers(Store, new InformerOptions { ResyncPeriod = TimeSpan.FromMinutes(1), Time = clock });
        var informer = await informers.SyncedAsync(objects.Workspace, ConfigMaps, CancellationToken.None);
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        await Eventually.WaitForAsync("the resync timer to be armed", () => Task.FromResult(clock.Timers), n => n >= 1, Within);

        clock.Advance(TimeSpan.FromMinutes(1));

        await Eventually.WaitForAsync("a resync", () => Task.FromResult(handler.Events),
            events => events.Contains("resynced configmaps/default/a"), Within);
    }

    [Fact]
    public async Task An_index_follows_the_objects_as_they_change()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "default", """{"metadata":{"name":"a","labels":{"app":"web"}}}""");
        await using var informers = Informers(Store);
        var informer = await informers.SyncedAsync(objects.Workspace, ConfigMaps, CancellationToken.None);
        informer.Cache.AddIndex("app", o => o.Object["metadata"]?["labels"]?["app"]?.GetValue<string>() is { } app ? [app] : []);
        Assert.Equal(["a"], informer.Cache.ByIndex("app", "web").Select(o => o.Name));

        await objects.PatchAsync("configmaps", "default", "a", """{"metadata":{"labels":{"app":"db"}}}""");

        await Eventually.WaitForAsync("the index to move", () => Task.FromResult(informer.Cache.ByIndex("app", "db").Count), n => n == 1, Within);
        Assert.Empty(informer.Cache.ByIndex("app", "web"));
    }

    [Fact]
    public async Task One_informer_serves_every_caller_of_a_kind_in_a_workspace()
    {
        var workspace = NewWorkspace();
        var store = new InterruptibleStore(Store);
        await using var informers = Informers(store);

        var first = await informers.SyncedAsync(workspace, ConfigMaps, CancellationToken.None);
        var second = await informers.SyncedAsync(workspace, ConfigMaps, CancellationToken.None);
        var other = await informers.SyncedAsync(NewWorkspace(), ConfigMaps, CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        await Eventually.WaitForAsync("both watches to open", () => Task.FromResult(store.WatchesOpened), n => n >= 2, Within);
        Assert.Equal(2, store.WatchesOpened);
    }

    private static SharedInformers Informers(IRevisionStore store, InformerOptions? options = null) =>
        new(store, ResourceRegistry.BuiltIn, options ?? new InformerOptions(), NullLoggerFactory.Instance);

    public sealed class Postgres(PostgresStoreFixture fixture) : InformerTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : InformerTests(fixture), IClassFixture<SqliteStoreFixture>;
}
