using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Lists: live keys under a prefix, in key order, paginated by continue tokens that pin one revision.</summary>
public abstract class Lists(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task List_returns_the_live_keys_under_a_prefix_in_key_order_at_the_current_revision()
    {
        var ws = NewWorkspace();
        var created = await CreateAllAsync(ws, "pods/c", "pods/a", "pods/d", "pods/b");
        await Store.DeleteAsync(ws, "pods/d");
        var updated = await Store.UpdateAsync(ws, "pods/a", V("a2"), created["pods/a"].Revision);

        var page = await Store.ListAsync(ws, "pods/");

        Assert.Equal(["pods/a", "pods/b", "pods/c"], page.Items.Select(i => i.Key));
        StoreAssert.Is(page.Items[0], "pods/a", V("a2"), updated.Revision, created["pods/a"].Revision);
        StoreAssert.Is(page.Items[1], "pods/b", V("pods/b"), created["pods/b"].Revision, created["pods/b"].Revision);
        Assert.Equal(await Store.CurrentRevisionAsync(ws), page.Revision);
        Assert.Null(page.Continue);
    }

    [Fact]
    public async Task A_prefix_matches_the_keys_that_start_with_it_and_no_others()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "a", "a/1", "a/2/x", "ab/1", "b/a/1", "A/1");

        var page = await Store.ListAsync(ws, "a/");

        Assert.Equal(["a/1", "a/2/x"], page.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task A_prefix_with_characters_that_are_wildcards_in_sql_matches_only_those_characters()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "a_/1", "ab/1", "a%/1", "a%b/1", "a\\/1");

        Assert.Equal(["a_/1"], (await Store.ListAsync(ws, "a_/")).Items.Select(i => i.Key));
        Assert.Equal(["a%/1"], (await Store.ListAsync(ws, "a%/")).Items.Select(i => i.Key));
        Assert.Equal(["a\\/1"], (await Store.ListAsync(ws, "a\\")).Items.Select(i => i.Key));
    }

    [Fact]
    public async Task Paging_through_keys_outside_ascii_returns_each_key_exactly_once()
    {
        var ws = NewWorkspace();
        string[] keys = ["k/z", "k/\u00e9", "k/\u65e5\u672c", "k/\uff21", "k/\ud83d\ude00", "k/\u007f"];
        await CreateAllAsync(ws, keys);

        var paged = (await PagesAsync(ws, "k/", limit: 1)).SelectMany(p => p.Items).Select(i => i.Key).ToList();

        Assert.Equal(keys.Order(StringComparer.Ordinal), paged.Order(StringComparer.Ordinal));
        Assert.Equal((await Store.ListAsync(ws, "k/")).Items.Select(i => i.Key), paged);
    }

    [Fact]
    public async Task An_empty_prefix_lists_every_live_key_of_the_workspace()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "b/1", "a/1", "c");

        var page = await Store.ListAsync(ws, "");

        Assert.Equal(["a/1", "b/1", "c"], page.Items.Select(i => i.Key));
    }

    [Fact]
    public async Task A_limit_splits_the_list_into_pages_joined_by_continue_tokens()
    {
        var ws = NewWorkspace();
        var keys = Enumerable.Range(0, 7).Select(i => $"pods/p{i}").ToArray();
        await CreateAllAsync(ws, keys);
        await Store.CreateAsync(ws, "services/s0", V(0));

        var pages = await PagesAsync(ws, "pods/", limit: 3);

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(keys, pages.SelectMany(p => p.Items).Select(i => i.Key));
        Assert.All(pages, p => Assert.Equal(8, p.Revision));
        Assert.All(pages[..^1], p => Assert.NotNull(p.Continue));
    }

    [Fact]
    public async Task A_list_that_fills_its_last_page_exactly_ends_without_a_continue_token()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/p0", "pods/p1", "pods/p2", "pods/p3");

        var pages = await PagesAsync(ws, "pods/", limit: 2);

        Assert.Equal([2, 2], pages.Select(p => p.Items.Count));
    }

    [Fact]
    public async Task Later_pages_show_the_keys_as_of_the_first_page_despite_writes_in_between()
    {
        var ws = NewWorkspace();
        var created = await CreateAllAsync(ws, "pods/p0", "pods/p1", "pods/p2", "pods/p3", "pods/p4", "pods/p5");

        var first = await Store.ListAsync(ws, "pods/", limit: 2);
        await Store.UpdateAsync(ws, "pods/p3", V("changed"), created["pods/p3"].Revision);
        await Store.DeleteAsync(ws, "pods/p4");
        await Store.CreateAsync(ws, "pods/p2a", V("new"));
        await Store.CreateAsync(ws, "pods/p9", V("new"));
        var second = await Store.ListAsync(ws, "pods/", limit: 2, continueToken: first.Continue);
        await Store.DeleteAsync(ws, "pods/p5");
        var third = await Store.ListAsync(ws, "pods/", limit: 2, continueToken: second.Continue);

        Assert.Equal([first.Revision, first.Revision], new[] { second.Revision, third.Revision });
        var items = first.Items.Concat(second.Items).Concat(third.Items).ToList();
        Assert.Equal(created.Keys.Order(StringComparer.Ordinal), items.Select(i => i.Key));
        Assert.All(items, i => StoreAssert.Is(i, i.Key, V(i.Key), created[i.Key].Revision, created[i.Key].Revision));
        Assert.Null(third.Continue);
    }

    [Fact]
    public async Task List_at_an_older_revision_returns_the_keys_and_values_as_of_then()
    {
        var ws = NewWorkspace();
        var created = await CreateAllAsync(ws, "pods/a", "pods/b", "pods/gone");
        await Store.DeleteAsync(ws, "pods/gone");
        var then = await Store.CurrentRevisionAsync(ws);
        await Store.UpdateAsync(ws, "pods/a", V("later"), created["pods/a"].Revision);
        await Store.DeleteAsync(ws, "pods/b");
        await Store.CreateAsync(ws, "pods/c", V("later"));
        await Store.CreateAsync(ws, "pods/gone", V("back later"));

        var page = await Store.ListAsync(ws, "pods/", atRevision: then);

        Assert.Equal(then, page.Revision);
        Assert.Collection(page.Items,
            a => StoreAssert.Is(a, "pods/a", V("pods/a"), created["pods/a"].Revision, created["pods/a"].Revision),
            b => StoreAssert.Is(b, "pods/b", V("pods/b"), created["pods/b"].Revision, created["pods/b"].Revision));
    }

    [Fact]
    public async Task List_above_the_current_revision_fails_with_FutureRevision()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/a", V(1));

        await StoreAssert.FailsWith(StoreErrorCode.FutureRevision,
            () => Store.ListAsync(ws, "pods/", atRevision: created.Revision + 1));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!")]
    [InlineData("eyJmb28iOiJiYXIifQ")] // base64 of {"foo":"bar"}
    [InlineData("-1")]
    public async Task A_continue_token_the_store_did_not_issue_fails_with_InvalidArgument(string token)
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b");

        await StoreAssert.FailsWith(StoreErrorCode.InvalidArgument, () => Store.ListAsync(ws, "pods/", 1, token));
    }

    [Fact]
    public async Task A_truncated_continue_token_fails_with_InvalidArgument()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b");
        var token = (await Store.ListAsync(ws, "pods/", limit: 1)).Continue!;

        await StoreAssert.FailsWith(StoreErrorCode.InvalidArgument,
            () => Store.ListAsync(ws, "pods/", 1, token[..(token.Length / 2)]));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : Lists(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : Lists(fixture), IClassFixture<SqliteStoreFixture>;
}
