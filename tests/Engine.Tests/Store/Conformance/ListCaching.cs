using Berth.Engine.Store;
using Berth.Engine.Store.Sql;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// Lists answered from memory (Watch/ListCache.cs) once a workspace has been listed: each is the
/// list the database gives at the same revision, sees every write that finished before it was
/// asked, later pages are the database's pages at the first page's revision whether memory or the
/// database answers them, and a purge leaves nothing behind in it.
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
        var extras = new List<string>();
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

            // Paged, with a write between two pages now and then: every page is the database's at the same token.
            if (await PagesMatchTheDatabaseAsync(ws, step % 2 == 0 ? "pods/" : "", database, writeBetween: step % 3 == 0 ? $"pods/a/x{step}" : null) is { } extra)
            {
                extras.Add(extra);
            }

            // Read your writes: the write above is in the list asked right after it.
            Assert.Equal(live.Keys.Concat(extras).Where(k => k.StartsWith("pods/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
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

    [Fact]
    public async Task Later_pages_come_from_memory_while_no_write_touches_what_they_read()
    {
        var ws = NewWorkspace();
        var keys = Enumerable.Range(0, 9).Select(i => $"pods/p{i}").ToArray();
        await CreateAllAsync(ws, keys);
        await CreateAllAsync(ws, "services/s");
        await UntilListedFromMemoryAsync(ws);
        var first = await Store.ListAsync(ws, "pods/", limit: 4);
        // Writes outside what the next pages read: another prefix, and a key the first page already had.
        await Store.CreateAsync(ws, "services/t", V("elsewhere"));
        var p0 = first.Items[0];
        await Store.UpdateAsync(ws, p0.Key, V("changed after its page"), p0.Revision);
        await UntilListedFromMemoryAsync(ws); // memory has applied the writes above
        var before = FromMemory;

        var second = await Store.ListAsync(ws, "pods/", limit: 4, continueToken: first.Continue);
        var third = await Store.ListAsync(ws, "pods/", limit: 4, continueToken: second.Continue);

        Assert.Equal(2, FromMemory - before);
        Assert.Equal(keys, first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Key));
        Assert.Null(third.Continue);
        await using var database = await Fixture.OpenAnotherStoreAsync(new RevisionStoreOptions { ListCache = false });
        Assert.Equal(Describe(await database.ListAsync(ws, "pods/", limit: 4, continueToken: first.Continue)), Describe(second));
        Assert.Equal(second.Continue, (await database.ListAsync(ws, "pods/", limit: 4, continueToken: first.Continue)).Continue);
        Assert.Equal(Describe(await database.ListAsync(ws, "pods/", limit: 4, continueToken: second.Continue)), Describe(third));
        Assert.All([second, third], page => Assert.Equal(first.Revision, page.Revision));
    }

    [Fact]
    public async Task A_write_under_the_rest_of_a_paged_list_sends_its_next_pages_to_the_database()
    {
        var ws = NewWorkspace();
        var keys = Enumerable.Range(0, 9).Select(i => $"pods/p{i}").ToArray();
        await CreateAllAsync(ws, keys);
        await UntilListedFromMemoryAsync(ws);
        var first = await Store.ListAsync(ws, "pods/", limit: 4);
        var p5 = await Store.GetAsync(ws, "pods/p5");
        var p7 = await Store.GetAsync(ws, "pods/p7");
        await Store.UpdateAsync(ws, "pods/p5", V("changed"), p5!.Revision);
        await Store.DeleteAsync(ws, "pods/p7");
        await Store.CreateAsync(ws, "pods/p45", V("new"));
        await UntilListedFromMemoryAsync(ws); // memory has applied the writes above
        var before = FromMemory;

        var rest = await Store.ListAsync(ws, "pods/", limit: 10, continueToken: first.Continue);

        Assert.Equal(0, FromMemory - before);
        Assert.Equal(keys, first.Items.Concat(rest.Items).Select(i => i.Key));
        Assert.Equal(p5.Value, rest.Items.Single(i => i.Key == "pods/p5").Value);
        Assert.Equal(p7!.Revision, rest.Items.Single(i => i.Key == "pods/p7").Revision);
        Assert.Equal(first.Revision, rest.Revision);
    }

    /// <summary>
    /// Walks <paramref name="prefix"/> in pages of 3, each compared with the database's page at the same
    /// token; with <paramref name="writeBetween"/>, creates that key after the first page. Returns the key created.
    /// </summary>
    private async Task<string?> PagesMatchTheDatabaseAsync(string ws, string prefix, IRevisionStore database, string? writeBetween)
    {
        var page = await Store.ListAsync(ws, prefix, limit: 3);
        var expected = await database.ListAsync(ws, prefix, limit: 3, atRevision: page.Revision);
        if (writeBetween is not null)
        {
            await Store.CreateAsync(ws, writeBetween, V("between pages"));
        }

        while (true)
        {
            Assert.Equal(Describe(expected), Describe(page));
            Assert.Equal(expected.Continue, page.Continue);
            Assert.Equal(expected.Revision, page.Revision);
            if (page.Continue is not { } token)
            {
                return writeBetween;
            }

            page = await Store.ListAsync(ws, prefix, limit: 3, continueToken: token);
            expected = await database.ListAsync(ws, prefix, limit: 3, continueToken: token);
        }
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
