using System.Collections.Concurrent;
using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>A paged list read while writers commit is still one consistent list at its pinned revision.</summary>
public abstract class ConcurrentPaging(StoreFixture fixture) : StoreContract(fixture)
{
    private const int Writers = 4;
    private const int Keys = 60;

    [Fact]
    public async Task Paged_lists_read_while_writers_commit_equal_the_state_at_their_pinned_revision()
    {
        var ws = NewWorkspace();
        var keys = Enumerable.Range(0, Keys).Select(i => $"items/k{i:D2}").ToArray();
        var initial = await CreateAllAsync(ws, keys);
        await Store.CreateAsync(ws, "other/outside-the-prefix", V(0));
        var log = new ConcurrentQueue<CommittedWrite>(initial.Values.Select(kv => new CommittedWrite(WatchEventType.Created, kv)));
        var progress = new AwaitableCounter();
        using var stop = new CancellationTokenSource();
        var writers = Task.WhenAll(Enumerable.Range(0, Writers).Select(w =>
            Task.Run(() => ChurnAsync(ws, w, keys.Where((_, i) => i % Writers == w).Select(k => initial[k]).ToList(), log, progress, stop.Token))));

        var listings = new List<List<ListPage>>();
        try
        {
            for (var listing = 0; listing < 3; listing++)
            {
                var pages = new List<ListPage> { await Store.ListAsync(ws, "items/", limit: 7) };
                while (pages[^1].Continue is { } token)
                {
                    // At least one more write commits between every two pages.
                    await progress.WaitForAsync(progress.Value + 1, writers, Patience.Concurrency);
                    pages.Add(await Store.ListAsync(ws, "items/", 7, token));
                }

                listings.Add(pages);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writers;
        }

        foreach (var pages in listings)
        {
            var pinned = pages[0].Revision;
            Assert.All(pages, p => Assert.Equal(pinned, p.Revision));
            var expected = CommittedWrite.LiveAt(log, pinned, "items/");
            var listed = pages.SelectMany(p => p.Items).ToList();
            Assert.Equal(expected.Select(kv => (kv.Key, kv.Revision, kv.CreateRevision)), listed.Select(kv => (kv.Key, kv.Revision, kv.CreateRevision)));
            Assert.All(expected.Zip(listed), pair => Assert.True(Json.SameAs(pair.First.Value, pair.Second.Value), pair.First.Key));
        }

        Assert.Equal(log.Count + 1, await Store.CurrentRevisionAsync(ws));
    }

    /// <summary>Until stopped: updates or deletes a live key of the writer's own, or creates a deleted one again.</summary>
    private async Task ChurnAsync(string ws, int writer, List<KeyValue> own, ConcurrentQueue<CommittedWrite> log, AwaitableCounter progress, CancellationToken stop)
    {
        var random = new Random(writer);
        var live = own.ToDictionary(kv => kv.Key, kv => (KeyValue?)kv);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = own[random.Next(own.Count)].Key;
            var value = V($"{key} write {i}");
            CommittedWrite write = live[key] switch
            {
                null => new(WatchEventType.Created, await Store.CreateAsync(ws, key, value)),
                { } kv when random.Next(3) == 0 => new(WatchEventType.Deleted, await Store.DeleteAsync(ws, key, kv.Revision)),
                { } kv => new(WatchEventType.Updated, await Store.UpdateAsync(ws, key, value, kv.Revision)),
            };

            live[key] = write.Type == WatchEventType.Deleted ? null : write.Object;
            log.Enqueue(write);
            progress.Increment();
        }
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ConcurrentPaging(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ConcurrentPaging(fixture), IClassFixture<SqliteStoreFixture>;
}
