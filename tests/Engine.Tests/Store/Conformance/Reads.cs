using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>Get, now and at older revisions, and a key's history: nothing is overwritten, so the past stays readable.</summary>
public abstract class Reads(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task Get_of_a_key_that_never_existed_returns_null()
    {
        var ws = NewWorkspace();
        await Store.CreateAsync(ws, "pods/web", V(1));

        Assert.Null(await Store.GetAsync(ws, "pods/we"));
        Assert.Null(await Store.GetAsync(ws, "pods/web-2"));
    }

    [Fact]
    public async Task Get_at_an_older_revision_returns_the_value_as_of_that_revision()
    {
        var ws = NewWorkspace();
        var v1 = await Store.CreateAsync(ws, "pods/web", V(1));          // revision 1
        var v2 = await Store.UpdateAsync(ws, "pods/web", V(2), v1.Revision); // 2
        await Store.CreateAsync(ws, "pods/other", V(1));                  // 3
        var v3 = await Store.UpdateAsync(ws, "pods/web", V(3), v2.Revision); // 4

        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: 1), "pods/web", V(1), revision: 1, createRevision: 1);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: 2), "pods/web", V(2), revision: 2, createRevision: 1);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: 3), "pods/web", V(2), revision: 2, createRevision: 1);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: 4), "pods/web", V(3), revision: 4, createRevision: 1);
        Assert.Equal(4, v3.Revision);
    }

    [Fact]
    public async Task Get_at_a_revision_before_the_key_was_created_returns_null()
    {
        var ws = NewWorkspace();
        var other = await Store.CreateAsync(ws, "pods/other", V(1));
        await Store.CreateAsync(ws, "pods/web", V(1));

        Assert.Null(await Store.GetAsync(ws, "pods/web", atRevision: other.Revision));
    }

    [Fact]
    public async Task Get_after_a_delete_returns_null_until_the_key_is_created_again()
    {
        var ws = NewWorkspace();
        var first = await Store.CreateAsync(ws, "pods/web", V("first"));
        var deleted = await Store.DeleteAsync(ws, "pods/web");
        var unrelated = await Store.CreateAsync(ws, "pods/other", V(1));
        var second = await Store.CreateAsync(ws, "pods/web", V("second"));

        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: first.Revision), "pods/web", V("first"), first.Revision, first.Revision);
        Assert.Null(await Store.GetAsync(ws, "pods/web", atRevision: deleted.Revision));
        Assert.Null(await Store.GetAsync(ws, "pods/web", atRevision: unrelated.Revision));
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web", atRevision: second.Revision), "pods/web", V("second"), second.Revision, second.Revision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/web"), "pods/web", V("second"), second.Revision, second.Revision);
    }

    [Fact]
    public async Task Get_above_the_current_revision_fails_with_FutureRevision()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));

        await StoreAssert.FailsWith(StoreErrorCode.FutureRevision,
            () => Store.GetAsync(ws, "pods/web", atRevision: created.Revision + 1));
    }

    [Fact]
    public async Task History_lists_every_revision_of_one_key_oldest_first_with_its_event_type()
    {
        var ws = NewWorkspace();
        var created = await Store.CreateAsync(ws, "pods/web", V(1));
        await Store.CreateAsync(ws, "pods/web-2", V("a neighbour sharing the prefix"));
        var updated = await Store.UpdateAsync(ws, "pods/web", V(2), created.Revision);
        var deleted = await Store.DeleteAsync(ws, "pods/web", updated.Revision);
        var recreated = await Store.CreateAsync(ws, "pods/web", V(3));

        var history = await Store.HistoryAsync(ws, "pods/web");

        Assert.Collection(history,
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/web", V(1), created.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Updated, "pods/web", V(2), updated.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Deleted, "pods/web", V(2), deleted.Revision, created.Revision),
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/web", V(3), recreated.Revision, recreated.Revision));
    }

    [Fact]
    public async Task History_of_a_key_that_never_existed_is_empty()
    {
        var ws = NewWorkspace();
        await Store.CreateAsync(ws, "pods/web", V(1));

        Assert.Empty(await Store.HistoryAsync(ws, "pods/ghost"));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : Reads(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : Reads(fixture), IClassFixture<SqliteStoreFixture>;
}
