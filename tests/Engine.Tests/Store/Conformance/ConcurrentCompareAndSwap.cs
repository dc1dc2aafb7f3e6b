using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Compare-and-swap under contention: one key, eight writers, never a lost update.</summary>
public abstract class ConcurrentCompareAndSwap(StoreFixture fixture) : StoreContract(fixture)
{
    private const int Writers = 8;

    [Fact]
    public async Task Of_eight_writers_updating_one_key_from_the_same_revision_exactly_one_wins_and_the_others_get_Conflict()
    {
        const int rounds = 20;
        var ws = NewWorkspace();
        var current = await Store.CreateAsync(ws, "counter", V(0));

        for (var round = 1; round <= rounds; round++)
        {
            var expected = current.Revision;
            var value = V(round);
            var attempts = await Task.WhenAll(Enumerable.Range(0, Writers)
                .Select(_ => Task.Run(() => AttemptAsync(() => Store.UpdateAsync(ws, "counter", value, expected)))));

            var winner = Assert.Single(attempts, a => a.Won is not null).Won!;
            Assert.Equal(expected + 1, winner.Revision);
            Assert.All(attempts.Where(a => a.Won is null), a =>
            {
                Assert.Equal(StoreErrorCode.Conflict, a.Lost!.Code);
                Assert.Equal(winner.Revision, a.Lost.ActualRevision);
            });
            current = winner;
        }

        var final = await Store.GetAsync(ws, "counter");
        StoreAssert.Is(final, "counter", V(rounds), revision: 1 + rounds, createRevision: 1);
        Assert.Equal(1 + rounds, await Store.CurrentRevisionAsync(ws));
    }

    [Fact]
    public async Task Eight_writers_incrementing_one_counter_by_compare_and_swap_lose_no_update()
    {
        const int incrementsPerWriter = 25;
        const int total = Writers * incrementsPerWriter;
        var ws = NewWorkspace();
        await Store.CreateAsync(ws, "counter", V(0));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            for (var done = 0; done < incrementsPerWriter;)
            {
                var read = (await Store.GetAsync(ws, "counter"))!;
                var attempt = await AttemptAsync(() => Store.UpdateAsync(ws, "counter", V(Json.VOf(read.Value).GetInt32() + 1), read.Revision));
                if (attempt.Won is not null)
                {
                    done++;
                }
                else if (attempt.Lost!.Code != StoreErrorCode.Conflict)
                {
                    throw attempt.Lost;
                }
            }
        })));

        // Each revision of the counter holds one more than the one before: no two updates followed the same revision.
        var history = await Store.HistoryAsync(ws, "counter");
        Assert.Equal(Enumerable.Range(0, total + 1), history.Select(e => Json.VOf(e.Object.Value).GetInt32()));
        Assert.Equal(Enumerable.Range(1, total + 1).Select(r => (long)r), history.Select(e => e.Revision));
    }

    private static async Task<(KeyValue? Won, StoreException? Lost)> AttemptAsync(Func<Task<KeyValue>> write)
    {
        try
        {
            return (await write(), null);
        }
        catch (StoreException e)
        {
            return (null, e);
        }
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ConcurrentCompareAndSwap(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ConcurrentCompareAndSwap(fixture), IClassFixture<SqliteStoreFixture>;
}
