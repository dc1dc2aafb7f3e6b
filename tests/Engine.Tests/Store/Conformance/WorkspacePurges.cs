using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// Purging a workspace (what deleting one does) removes its objects and history and ends its
/// watches; its head stays, so the name's revisions go on from where they were, never again from 1.
/// </summary>
public abstract class WorkspacePurges(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task A_purge_removes_every_object_and_revision_and_later_writes_go_on_from_the_head()
    {
        var ws = NewWorkspace();
        var other = NewWorkspace();
        var a = await Store.CreateAsync(ws, "pods/a", V(1));
        await Store.UpdateAsync(ws, "pods/a", V(2), a.Revision);
        var b = await Store.CreateAsync(ws, "pods/b", V(3));
        await Store.DeleteAsync(ws, "pods/b", b.Revision);
        await Store.MarkRevisionAsync(ws, DateTimeOffset.UnixEpoch.AddDays(1));
        await CreateAllAsync(other, "pods/a");
        var head = await Store.CurrentRevisionAsync(ws);

        await Store.PurgeWorkspaceAsync(ws);

        Assert.Null(await Store.GetAsync(ws, "pods/a"));
        Assert.Empty((await Store.ListAsync(ws, "")).Items);
        Assert.Empty(await Store.HistoryAsync(ws, "pods/a"));
        Assert.Null(await Store.MarkedRevisionAsync(ws, DateTimeOffset.UnixEpoch.AddDays(2)));
        Assert.Equal((head, head), (await Store.CurrentRevisionAsync(ws), await Store.CompactedRevisionAsync(ws)));
        await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.WatchAsync(ws, "", a.Revision));
        Assert.NotNull(await Store.GetAsync(other, "pods/a")); // nobody else's rows

        var again = await Store.CreateAsync(ws, "pods/a", V("new"));
        Assert.Equal((head + 1, head + 1), (again.Revision, again.CreateRevision));
    }

    [Fact]
    public async Task A_purge_ends_the_workspace_s_watches_with_Compacted_and_a_new_watch_sees_new_writes()
    {
        var ws = NewWorkspace();
        var a = await Store.CreateAsync(ws, "pods/a", V(1));
        await using var watch = await Store.WatchAsync(ws, "pods/", a.Revision);
        await using var before = await Store.WatchAsync(ws, "pods/", 0); // one still catching up ends too

        await Store.PurgeWorkspaceAsync(ws);

        Assert.Equal(StoreErrorCode.Compacted, Assert.IsType<StoreException>(await watch.EndAsync()).Code);
        Assert.IsType<StoreException>(await before.EndAsync());
        await using var after = await Store.WatchAsync(ws, "pods/", a.Revision);
        var created = await Store.CreateAsync(ws, "pods/b", V(2));
        StoreAssert.Is(Assert.Single(await after.TakeAsync(1)), WatchEventType.Created, "pods/b", V(2), created.Revision, created.Revision);
    }

    [Fact]
    public async Task Closing_a_workspace_s_watches_ends_them_and_leaves_its_rows()
    {
        var ws = NewWorkspace();
        var other = NewWorkspace();
        var a = await Store.CreateAsync(ws, "pods/a", V(1));
        var o = await Store.CreateAsync(other, "pods/a", V(1));
        await using var watch = await Store.WatchAsync(ws, "pods/", a.Revision);
        await using var untouched = await Store.WatchAsync(other, "pods/", o.Revision);

        await Store.CloseWatchesAsync(ws);

        Assert.Equal(StoreErrorCode.Compacted, Assert.IsType<StoreException>(await watch.EndAsync()).Code);
        Assert.NotNull(await Store.GetAsync(ws, "pods/a"));
        var next = await Store.UpdateAsync(other, "pods/a", V(2), o.Revision);
        Assert.Equal(next.Revision, Assert.Single(await untouched.TakeAsync(1)).Revision);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : WorkspacePurges(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : WorkspacePurges(fixture), IClassFixture<SqliteStoreFixture>;
}
