using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Conformance;

/// <summary>
/// Compaction drops superseded history at or below a revision: reads and watches below it fail
/// with Compacted (410 Gone), while the latest value of every key as of that revision, and
/// everything after it, stay readable.
/// </summary>
public abstract class Compaction(StoreFixture fixture) : StoreContract(fixture)
{
    [Fact]
    public async Task Compaction_moves_the_compacted_revision_to_the_revision_given()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c", "pods/d");
        Assert.Equal(0, await Store.CompactedRevisionAsync(ws));

        var result = await Store.CompactAsync(ws, 3);

        Assert.Equal(3, result.CompactedRevision);
        Assert.Equal(3, await Store.CompactedRevisionAsync(ws));
    }

    [Fact]
    public async Task Compaction_removes_the_revisions_superseded_at_or_below_it_and_keeps_the_rest()
    {
        var ws = NewWorkspace();
        var r1 = await Store.CreateAsync(ws, "pods/web", V(1));
        var r2 = await Store.UpdateAsync(ws, "pods/web", V(2), r1.Revision);
        var r3 = await Store.UpdateAsync(ws, "pods/web", V(3), r2.Revision);
        var r4 = await Store.UpdateAsync(ws, "pods/web", V(4), r3.Revision);

        var result = await Store.CompactAsync(ws, r3.Revision);

        Assert.Equal(2, result.RowsRemoved);
        Assert.Equal([r3.Revision, r4.Revision], (await Store.HistoryAsync(ws, "pods/web")).Select(e => e.Revision));
    }

    [Fact]
    public async Task Get_below_the_compacted_revision_fails_with_Compacted_naming_the_oldest_readable_revision()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c");
        await Store.CompactAsync(ws, 2);

        var gone = await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.GetAsync(ws, "pods/a", atRevision: 1));

        Assert.Equal(2, gone.CompactedRevision);
    }

    [Fact]
    public async Task Reads_at_and_above_the_compacted_revision_see_every_key_as_of_then()
    {
        var ws = NewWorkspace();
        var a1 = await Store.CreateAsync(ws, "pods/a", V("a1"));            // 1
        var a2 = await Store.UpdateAsync(ws, "pods/a", V("a2"), a1.Revision); // 2
        var b = await Store.CreateAsync(ws, "pods/b", V("b"));               // 3
        var c = await Store.CreateAsync(ws, "pods/c", V("c"));               // 4
        var a3 = await Store.UpdateAsync(ws, "pods/a", V("a3"), a2.Revision); // 5
        await Store.DeleteAsync(ws, "pods/b");                               // 6
        await Store.UpdateAsync(ws, "pods/c", V("c2"), c.Revision);          // 7

        await Store.CompactAsync(ws, c.Revision);

        StoreAssert.Is(await Store.GetAsync(ws, "pods/a", atRevision: 4), "pods/a", V("a2"), a2.Revision, a1.Revision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/b", atRevision: 4), "pods/b", V("b"), b.Revision, b.Revision);
        StoreAssert.Is(await Store.GetAsync(ws, "pods/a", atRevision: 5), "pods/a", V("a3"), a3.Revision, a1.Revision);
        Assert.Null(await Store.GetAsync(ws, "pods/b", atRevision: 6));
        var then = await Store.ListAsync(ws, "pods/", atRevision: 4);
        Assert.Equal([a2.Revision, b.Revision, c.Revision], then.Items.Select(i => i.Revision));
    }

    [Fact]
    public async Task List_below_the_compacted_revision_fails_with_Compacted()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c");
        await Store.CompactAsync(ws, 2);

        await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.ListAsync(ws, "pods/", atRevision: 1));
    }

    [Fact]
    public async Task Continuing_a_list_whose_revision_has_since_been_compacted_fails_with_Compacted()
    {
        var ws = NewWorkspace();
        var created = await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c");
        var first = await Store.ListAsync(ws, "pods/", limit: 1);
        var changed = await Store.UpdateAsync(ws, "pods/b", V("changed"), created["pods/b"].Revision);

        await Store.CompactAsync(ws, changed.Revision);

        await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.ListAsync(ws, "pods/", 1, first.Continue));
    }

    [Fact]
    public async Task A_watch_from_below_the_compacted_revision_fails_at_once_with_Compacted()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c");
        await Store.CompactAsync(ws, 2);

        var gone = await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.WatchAsync(ws, "pods/", fromRevision: 1));

        Assert.Equal(2, gone.CompactedRevision);
    }

    [Fact]
    public async Task A_watch_from_the_compacted_revision_delivers_every_later_change()
    {
        var ws = NewWorkspace();
        var created = await CreateAllAsync(ws, "pods/a", "pods/b", "pods/c");
        var update = await Store.UpdateAsync(ws, "pods/a", V("a2"), created["pods/a"].Revision);
        await Store.CompactAsync(ws, 2);

        await using var watch = await Store.WatchAsync(ws, "pods/", fromRevision: 2);

        Assert.Collection(await watch.TakeAsync(2),
            e => StoreAssert.Is(e, WatchEventType.Created, "pods/c", V("pods/c"), 3, 3),
            e => StoreAssert.Is(e, WatchEventType.Updated, "pods/a", V("a2"), update.Revision, 1));
    }

    [Fact]
    public async Task Current_values_and_further_writes_are_unaffected_by_compaction()
    {
        var ws = NewWorkspace();
        var a = await Store.CreateAsync(ws, "pods/a", V("a"));                 // 1, never written again
        var b1 = await Store.CreateAsync(ws, "pods/b", V("b1"));               // 2
        var b2 = await Store.UpdateAsync(ws, "pods/b", V("b2"), b1.Revision);  // 3
        var c = await Store.CreateAsync(ws, "pods/c", V("c"));                 // 4
        var cDeleted = await Store.DeleteAsync(ws, "pods/c", c.Revision);      // 5

        await Store.CompactAsync(ws, cDeleted.Revision);

        StoreAssert.Is(await Store.GetAsync(ws, "pods/a"), "pods/a", V("a"), a.Revision, a.Revision);
        Assert.Null(await Store.GetAsync(ws, "pods/c", atRevision: cDeleted.Revision));
        Assert.Equal([a.Revision, b2.Revision], (await Store.ListAsync(ws, "pods/")).Items.Select(i => i.Revision));
        var aUpdated = await Store.UpdateAsync(ws, "pods/a", V("a2"), expectedRevision: a.Revision);
        var cAgain = await Store.CreateAsync(ws, "pods/c", V("c again"));
        Assert.Equal((6, 1), (aUpdated.Revision, aUpdated.CreateRevision));
        Assert.Equal((7, 7), (cAgain.Revision, cAgain.CreateRevision));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : Compaction(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : Compaction(fixture), IClassFixture<SqliteStoreFixture>;
}
