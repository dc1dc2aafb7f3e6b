using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// The headline guarantee: with many writers committing at once, every watcher sees every write
/// exactly once, in revision order, whether it was watching live or catching up from the log.
/// </summary>
public abstract class ConcurrentWatchers(StoreFixture fixture) : StoreContract(fixture)
{
    private const int Writers = 8;
    private const int WritesPerWriter = 500;
    private const int Watchers = 20;
    private const int TotalWrites = Writers * WritesPerWriter;

    [Fact]
    public async Task Twenty_watchers_from_revision_zero_each_see_every_write_of_eight_concurrent_writers_once_in_order()
    {
        var ws = NewWorkspace();
        // A second store on the same database stands for a second server: half the writers write
        // through it, and the late half of the watchers open on it, where a small watch cache makes
        // them catch up from the log while the writers keep committing.
        await using var secondServer = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { WatchCacheEvents = 64 });
        var watchers = new List<(IWatch Watch, Task<List<WatchEvent>> Events, string Who)>();
        using var giveUp = new CancellationTokenSource(Patience.Concurrency);
        try
        {
            for (var i = 0; i < Watchers / 2; i++)
            {
                watchers.Add(await StartWatcherAsync(Store, ws, $"watcher {i}, open before the first write", giveUp.Token));
            }

            var progress = new AwaitableCounter();
            var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteMixAsync(w % 2 == 0 ? Store : secondServer, ws, w, progress))));
            await progress.WaitForAsync(TotalWrites / 2, writers, Patience.Concurrency);
            for (var i = Watchers / 2; i < Watchers; i++)
            {
                watchers.Add(await StartWatcherAsync(secondServer, ws, $"watcher {i}, open from 0 on another store mid-stream", giveUp.Token));
            }

            var writes = (await writers).SelectMany(w => w).OrderBy(w => w.Revision).ToList();
            giveUp.CancelAfter(Patience.Events); // from the last write on, delivery is owed promptly

            Assert.Equal(Enumerable.Range(1, TotalWrites).Select(r => (long)r), writes.Select(w => w.Revision));
            foreach (var (_, events, who) in watchers)
            {
                AssertSawExactly(writes, await events, who);
            }
        }
        finally
        {
            foreach (var (watch, _, _) in watchers)
            {
                await watch.DisposeAsync();
            }
        }
    }

    private static async Task<(IWatch, Task<List<WatchEvent>>, string)> StartWatcherAsync(IRevisionStore store, string ws, string who, CancellationToken giveUp)
    {
        var watch = await store.WatchAsync(ws, "", fromRevision: 0);
        return (watch, Task.Run(() => watch.TakeAsync(TotalWrites, who, giveUp)), who);
    }

    /// <summary>Creates, updates (compare-and-swap) and deletes (compare-and-swap) keys of the writer's own.</summary>
    private static async Task<List<CommittedWrite>> WriteMixAsync(IRevisionStore store, string ws, int writer, AwaitableCounter progress)
    {
        var random = new Random(writer);
        var live = new List<KeyValue>();
        var writes = new List<CommittedWrite>();
        for (var i = 0; i < WritesPerWriter; i++)
        {
            var choice = live.Count < 4 ? 0 : random.Next(10);
            var at = random.Next(live.Count);
            var value = V($"writer {writer} write {i}");
            CommittedWrite write = choice switch
            {
                < 3 => new(WatchEventType.Created, await store.CreateAsync(ws, $"w{writer}/k{i:D3}", value)),
                3 => new(WatchEventType.Deleted, await store.DeleteAsync(ws, live[at].Key, live[at].Revision)),
                _ => new(WatchEventType.Updated, await store.UpdateAsync(ws, live[at].Key, value, live[at].Revision)),
            };

            if (write.Type == WatchEventType.Created)
            {
                live.Add(write.Object);
            }
            else if (write.Type == WatchEventType.Deleted)
            {
                live.RemoveAt(at);
            }
            else
            {
                live[at] = write.Object;
            }

            writes.Add(write);
            progress.Increment();
        }

        return writes;
    }

    private static void AssertSawExactly(List<CommittedWrite> writes, List<WatchEvent> events, string who)
    {
        StoreAssert.StrictlyIncreasing(events.Select(e => e.Revision).ToList(), who);
        Assert.Equal(writes.Count, events.Count);
        for (var i = 0; i < writes.Count; i++)
        {
            writes[i].AssertSeenAs(events[i], who, i);
        }
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ConcurrentWatchers(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ConcurrentWatchers(fixture), IClassFixture<SqliteStoreFixture>;
}
