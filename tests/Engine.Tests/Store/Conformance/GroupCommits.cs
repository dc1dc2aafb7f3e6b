using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// What batching writes into group commits must never change: a lone writer is never held back
/// waiting for company, and writes of one key that arrive together still commit one after another.
/// </summary>
public abstract class GroupCommits(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task A_lone_writer_never_waits_for_company_even_with_an_hour_long_linger_on_a_clock_that_never_moves()
    {
        var clock = new ManualClock();
        await using var store = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { WriteLinger = TimeSpan.FromHours(1), TimeProvider = clock });
        var ws = NewWorkspace();

        for (var i = 0; i < 10; i++)
        {
            var created = await store.CreateAsync(ws, $"k{i}", V(i)).WaitAsync(Patience.Events);
            var updated = await store.UpdateAsync(ws, $"k{i}", V(-i), created.Revision).WaitAsync(Patience.Events);
            await store.DeleteAsync(ws, $"k{i}", updated.Revision).WaitAsync(Patience.Events);
        }

        Assert.Equal(30, await store.CurrentRevisionAsync(ws));
        Assert.Equal(0, clock.TimersCreated);
    }

    [Fact]
    public async Task Writes_of_one_key_sent_together_commit_one_after_another_in_the_order_sent()
    {
        var ws = NewWorkspace();

        // Not awaited one by one: they queue together, as concurrent requests do.
        var writes = new[]
        {
            Store.CreateAsync(ws, "k", V(1)),
            Store.DeleteAsync(ws, "k"),
            Store.CreateAsync(ws, "k", V(2)),
            Store.CreateAsync(ws, "k", V(3)),
            Store.DeleteAsync(ws, "k"),
            Store.CreateAsync(ws, "k", V(4)),
        };
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (KeyValue?)await w;
            }
            catch (StoreException e) when (e.Code == StoreErrorCode.AlreadyExists)
            {
                return null;
            }
        }));

        Assert.Equal([1L, 2, 3, null, 4, 5], outcomes.Select(o => o?.Revision));
        Assert.Equal([1L, 1, 3, null, 3, 5], outcomes.Select(o => o?.CreateRevision));
        StoreAssert.Is(await Store.GetAsync(ws, "k"), "k", V(4), revision: 5, createRevision: 5);
        Assert.Equal(5, (await Store.HistoryAsync(ws, "k")).Count);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : GroupCommits(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : GroupCommits(fixture), IClassFixture<SqliteStoreFixture>;
}
