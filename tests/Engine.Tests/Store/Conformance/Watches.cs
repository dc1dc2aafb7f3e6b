using Berth.Engine.Store;
using Berth.Engine.Store.Sql;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Watches: every change after a revision, in revision order, with no gap and no duplicate.</summary>
public abstract class Watches(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task A_watch_from_revision_zero_replays_every_change_in_order_with_its_type()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);
        var deleted = await Store.DeleteAsync(ws, "pods/web", updated.Revision);
        var recreated = await Store.CreateAsync(ws, "pods/web", V(3));

        await using var watch = await Store.WatchAsync(ws, "pods/", fromRevision: 0);

        Assert.Collection(await watch.TakeAsync(4),
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/web", V(1), created.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Updated, "pods/web", V(2), updated.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Deleted, "pods/web", V(2), deleted.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/web", V(3), recreated.Revision, recreated.Revision));
    }

    [Fact]
    public async Task A_watch_from_a_middle_revision_delivers_exactly_the_later_changes()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c", "pods/d", "pods/e");

        await using var watch = await Store.WatchAsync(ws, "pods/", fromRevision: 2);
        var marker = await Store.CreateAsync(ws, "pods/marker", V("marker"));

        Assert.Equal([3, 4, 5, marker.Revision], (await watch.TakeThroughAsync(marker.Revision)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_watch_served_from_the_watch_cache_delivers_exactly_the_changes_after_its_revision()
    {
        var ws = NewWorkspace();
        await using var first = await Store.WatchAsync(ws, "pods/", fromRevision: 0);
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c", "pods/d", "pods/e");
        await first.TakeAsync(5); // the workspace's watch cache now holds revisions 1 to 5

        await using var fromMiddle = await Store.WatchAsync(ws, "pods/", fromRevision: 2);
        await using var fromZero = await Store.WatchAsync(ws, "pods/", fromRevision: 0);
        var marker = await Store.CreateAsync(ws, "pods/marker", V("marker"));

        Assert.Equal([3, 4, 5, marker.Revision], (await fromMiddle.TakeThroughAsync(marker.Revision)).Select(e => e.Revision));
        Assert.Equal([1, 2, 3, 4, 5, marker.Revision], (await fromZero.TakeThroughAsync(marker.Revision)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_watch_delivers_only_the_keys_under_its_prefix()
    {
        var ws = NewWorkspace();
        await using var watch = await Store.WatchAsync(ws, "a/", fromRevision: 0);

        await CreateAllAsync(ws, "a", "a/1", "ab/1", "b/a/1", "A/1", "a/2/x");
        var marker = await Store.CreateAsync(ws, "a/marker", V("marker"));

        Assert.Equal(["a/1", "a/2/x", "a/marker"], (await watch.TakeThroughAsync(marker.Revision)).Select(e => e.Object.Key));
    }

    [Fact]
    public async Task A_watch_from_the_current_revision_receives_the_later_writes_in_order_and_nothing_earlier()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/old-1", "pods/old-2");
        await using var watch = await Store.WatchAsync(ws, "pods/", await Store.CurrentRevisionAsync(ws));

        var written = new List<KeyValue>();
        for (var i = 0; i < 20; i++)
        {
            written.Add(await Store.CreateAsync(ws, $"pods/new-{i:D2}", V(i)));
        }

        var events = await watch.TakeAsync(20);
        Assert.Equal(written.Select(w => (w.Key, w.Revision)), events.Select(e => (e.Object.Key, e.Revision)));
        Assert.All(events, e => Assert.Equal(WatchEventType.Created, e.Type));
    }

    [Fact]
    public async Task Disposing_one_watch_leaves_the_others_delivering()
    {
        var ws = NewWorkspace();
        var stopped = await Store.WatchAsync(ws, "pods/", 0);
        await using var kept = await Store.WatchAsync(ws, "pods/", 0);
        var first = await Store.CreateAsync(ws, "pods/a", V(1));
        await stopped.TakeThroughAsync(first.Revision);

        await stopped.DisposeAsync();
        var second = await Store.CreateAsync(ws, "pods/b", V(2));

        Assert.Equal([first.Revision, second.Revision], (await kept.TakeAsync(2)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_write_through_another_store_on_the_same_database_reaches_the_watch()
    {
        var ws = NewWorkspace();
        await using var otherServer = await Fixture.OpenAnotherStoreAsync();
        await using var watch = await Store.WatchAsync(ws, "pods/", 0);

        var created = await otherServer.CreateAsync(ws, "pods/web", V(1));
        var updated = await otherServer.UpdateAsync(ws, "pods/web", V(2), created.Revision);

        Assert.Collection(await watch.TakeAsync(2),
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/web", V(1), created.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Updated, "pods/web", V(2), updated.Revision, created.Revision));
    }

    [Fact]
    public async Task A_watch_starting_further_back_than_the_watch_cache_holds_catches_up_from_the_log()
    {
        var ws = NewWorkspace();
        await using var smallCache = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { WatchCacheEvents = 4 });
        await CreateAllAsync(smallCache, ws, Enumerable.Range(0, 30).Select(i => $"pods/p{i:D2}").ToArray());

        await using var watch = await smallCache.WatchAsync(ws, "pods/", 0);
        await smallCache.CreateAsync(ws, "pods/live", V("live"));

        Assert.Equal(Enumerable.Range(1, 31).Select(r => (long)r), (await watch.TakeAsync(31)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_watcher_that_falls_behind_its_queue_limit_ends_with_WatcherTooSlow()
    {
        var ws = NewWorkspace();
        await using var store = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { WatcherQueueLimit = 4 });
        await using var slow = await store.WatchAsync(ws, "pods/", 0);
        await using var marker = await store.WatchAsync(ws, "marker/", 0);

        await CreateAllAsync(store, ws, Enumerable.Range(0, 20).Select(i => $"pods/p{i:D2}").ToArray());
        // Events are fanned out in revision order, so once a later one reaches another watcher,
        // the twenty have all been offered to the one that reads nothing.
        var later = await store.CreateAsync(ws, "marker/later", V("later"));
        await marker.TakeThroughAsync(later.Revision);

        var end = Assert.IsType<StoreException>(await slow.EndAsync());
        Assert.Equal(StoreErrorCode.WatcherTooSlow, end.Code);
    }

    [Fact]
    public async Task A_feed_nobody_watches_is_closed_and_a_later_watch_starts_a_new_one()
    {
        var ws = NewWorkspace();
        await using var store = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { IdleFeedSweep = TimeSpan.FromMilliseconds(20) });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcherGone = false; // sweeps before the first watch also see no feed: only later ones count
        ((SqlRevisionStore)store).WatchCache.Swept += feeds =>
        {
            if (feeds == 0 && Volatile.Read(ref watcherGone))
            {
                closed.TrySetResult();
            }
        };

        await using (var first = await store.WatchAsync(ws, "pods/", 0))
        {
            await store.CreateAsync(ws, "pods/a", V("a"));
            await first.TakeAsync(1);
        }

        Volatile.Write(ref watcherGone, true);
        await closed.Task.WaitAsync(Patience.Events);
        await using var second = await store.WatchAsync(ws, "pods/", 0);
        var b = await store.CreateAsync(ws, "pods/b", V("b"));
        Assert.Equal([1, b.Revision], (await second.TakeAsync(2)).Select(e => e.Revision));
    }

    [Fact]
    public async Task A_feed_with_a_watcher_is_never_closed()
    {
        var ws = NewWorkspace();
        await using var store = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { IdleFeedSweep = TimeSpan.FromMilliseconds(20) });
        var sweeps = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = int.MinValue; // sweeps before the watch opens do not count
        ((SqlRevisionStore)store).WatchCache.Swept += feeds =>
        {
            if (Interlocked.Increment(ref count) == 5)
            {
                sweeps.TrySetResult(feeds);
            }
        };

        await using var watch = await store.WatchAsync(ws, "pods/", 0);
        Interlocked.Exchange(ref count, 0);
        Assert.Equal(1, await sweeps.Task.WaitAsync(Patience.Events));
        var a = await store.CreateAsync(ws, "pods/a", V("a"));
        Assert.Equal(a.Revision, (await watch.TakeAsync(1))[0].Revision);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : Watches(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : Watches(fixture), IClassFixture<SqliteStoreFixture>;
}
