using Berth.Engine.Store;
using Berth.Engine.Store.Sql;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// Lists answered from memory (Watch/ListCache.cs) once a workspace has been listed: each is the
/// list the database gives at the same revision, sees every write that finished before it was
/// asked, and a purge leaves nothing behind in it.
/// </summary>
public abstract class ListCaching(StoreFixture fixture) : StoreContract(fixture)
{
    private long FromMemory => ((SqlRevisionStore)Store).ListsFromMemory;

    [Fact]
    public async Task Lists_from_memory_match_the_database_at_their_revision_through_creates_updates_and_deletes()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a/1", "pods/b/1", "services/a/1", "configmaps/a/1");
        await UntilListedFromMemoryAsync(ws);
        await using var database = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { ListCache = false });
        var random = new Random(7);
        var live = new Dictionary<string, long>();
        foreach (var item in (await database.ListAsync(ws, "")).Items)
        {
            live[item.Key] = item.Revision;
        }

        var before = FromMemory;
        for (var step = 0; step < 60; step++)
        {
            var key = $"pods/{"ab"[random.Next(2)]}/{random.Next(8)}";
            if (!live.TryGetValue(key, out var revision))
            {
                live[key] = (await Store.CreateAsync(ws, key, V(step))).Revision;
            }
            else if (random.Next(3) == 0)
            {
                await Store.DeleteAsync(ws, key, revision);
                live.Remove(key);
            }
            else
            {
                live[key] = (await Store.UpdateAsync(ws, key, V(step), revision)).Revision;
            }

            foreach (var prefix in new[] { "pods/", "pods/a/", "pods/b/", "" })
            {
                var cached = await Store.ListAsync(ws, prefix);
                var stored = await database.ListAsync(ws, prefix, atRevision: cached.Revision);
                Assert.Equal(Describe(stored), Describe(cached));
            }

            // Read your writes: the write above is in the list asked right after it.
            Assert.Equal(live.Keys.Where(k => k.StartsWith("pods/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
                (await Store.ListAsync(ws, "pods/")).Items.Select(i => i.Key));
        }

        Assert.True(FromMemory - before >= 60 * 5, $"memory answered {FromMemory - before} of {60 * 5} lists");
    }

    [Fact]
    public async Task A_first_page_from_memory_continues_from_the_database_at_the_same_revision()
    {
        var ws = NewWorkspace();
        var keys = Enumerable.Range(0, 9).Select(i => $"pods/p{i}").ToArray();
        await CreateAllAsync(ws, keys);
        await UntilListedFromMemoryAsync(ws);

        var first = await Store.ListAsync(ws, "pods/", limit: 4);
        await Store.CreateAsync(ws, "pods/p45", V("after the first page"));
        var rest = await Store.ListAsync(ws, "pods/", limit: 10, continueToken: first.Continue);

        Assert.Equal(keys, first.Items.Concat(rest.Items).Select(i => i.Key));
        Assert.Equal(first.Revision, rest.Revision);
    }

    [Fact]
    public async Task Keys_past_the_basic_plane_are_in_the_database_s_order()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "k/z", "k/\u00e9", "k/\uff21", "k/\ud83d\ude00", "k/\ue000");
        await UntilListedFromMemoryAsync(ws);
        await using var database = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { ListCache = false });

        Assert.Equal((await database.ListAsync(ws, "k/")).Items.Select(i => i.Key), (await Store.ListAsync(ws, "k/")).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task After_a_purge_a_list_is_empty_at_once()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b");
        await UntilListedFromMemoryAsync(ws);

        await Store.PurgeWorkspaceAsync(ws);

        Assert.Empty((await Store.ListAsync(ws, "pods/")).Items);
        Assert.Empty((await Store.ListAsync(ws, "")).Items);
    }

    private static string Describe(ListPage page) =>
        string.Join("\n", page.Items.Select(i => $"{i.Key} {i.Revision} {i.CreateRevision} {System.Text.Encoding.UTF8.GetString(i.Value)}"));

    /// <summary>Lists until memory answers one: the first list of a workspace loads it in the background.</summary>
    private async Task UntilListedFromMemoryAsync(string workspace)
    {
        var deadline = DateTime.UtcNow + Patience.Events;
        var before = FromMemory;
        while (FromMemory == before)
        {
            Assert.True(DateTime.UtcNow < deadline, "no list was answered from memory");
            await Store.ListAsync(workspace, "");
            await Task.Yield();
        }
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ListCaching(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ListCaching(fixture), IClassFixture<SqliteStoreFixture>;
}
