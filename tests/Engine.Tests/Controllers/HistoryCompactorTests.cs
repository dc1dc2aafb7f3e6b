using Berth.Engine.Controllers.Compaction;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Store;
using Berth.Engine.Tests.Controllers.Support;
using Berth.Engine.Tests.Store.Support;
using Berth.Tests.Support;

namespace Berth.Engine.Tests.Controllers;

/// <summary>Compaction by age against the real stores: history younger than the retention window stays, older superseded values go.</summary>
public abstract class HistoryCompactorTests(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Fact]
    public async Task Each_round_compacts_to_the_revision_that_was_current_one_retention_window_earlier()
    {
        var ws = NewWorkspace();
        var a1 = await Store.CreateAsync(ws, "pods/a", V(1));
        var a2 = await Store.UpdateAsync(ws, "pods/a", V(2), a1.Revision);

        Assert.Null(await HistoryCompactor.CompactOnceAsync(Store, ws, T0, Retention)); // marks revision 2: nothing is an hour old yet
        var a3 = await Store.UpdateAsync(ws, "pods/a", V(3), a2.Revision);
        var b = await Store.CreateAsync(ws, "pods/b", V(1));
        Assert.Null(await HistoryCompactor.CompactOnceAsync(Store, ws, T0 + Retention / 2, Retention)); // marks revision 4

        var first = await HistoryCompactor.CompactOnceAsync(Store, ws, T0 + Retention, Retention);

        Assert.Equal(a2.Revision, first?.CompactedRevision);
        Assert.Equal([a2.Revision, a3.Revision], (await Store.HistoryAsync(ws, "pods/a")).Select(e => e.Revision));
        await StoreAssert.FailsWith(StoreErrorCode.Compacted, () => Store.GetAsync(ws, "pods/a", atRevision: a1.Revision));

        var second = await HistoryCompactor.CompactOnceAsync(Store, ws, T0 + Retention * 1.5, Retention);

        Assert.Equal(b.Revision, second?.CompactedRevision);
        Assert.Equal([a3.Revision], (await Store.HistoryAsync(ws, "pods/a")).Select(e => e.Revision));
        Assert.True(Json.SameAs(V(1), (await Store.GetAsync(ws, "pods/b"))!.Value));
    }

    [Fact]
    public async Task Marks_below_the_compaction_point_are_dropped_with_the_history_they_pointed_into()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b");
        await Store.MarkRevisionAsync(ws, T0);
        await Store.CreateAsync(ws, "pods/c", V(1));
        await Store.MarkRevisionAsync(ws, T0 + Retention);
        Assert.Equal(2, await Store.MarkedRevisionAsync(ws, T0 + Retention / 2));

        await Store.CompactAsync(ws, 3);

        Assert.Null(await Store.MarkedRevisionAsync(ws, T0 + Retention / 2));
        Assert.Equal(3, await Store.MarkedRevisionAsync(ws, T0 + Retention));
    }

    [Fact]
    public async Task A_workspace_with_no_writes_has_nothing_to_mark_or_compact()
    {
        var ws = NewWorkspace();

        Assert.Null(await HistoryCompactor.CompactOnceAsync(Store, ws, T0, TimeSpan.Zero));
        Assert.Null(await Store.MarkedRevisionAsync(ws, T0));
    }

    [Fact]
    public async Task A_purged_workspace_gets_no_marks_so_its_name_keeps_no_rows()
    {
        var ws = NewWorkspace();
        await CreateAllAsync(ws, "pods/a", "pods/b");
        await Store.PurgeWorkspaceAsync(ws);

        Assert.Null(await HistoryCompactor.CompactOnceAsync(Store, ws, T0, TimeSpan.Zero));
        Assert.Null(await Store.MarkedRevisionAsync(ws, T0));

        var c = await Store.CreateAsync(ws, "pods/c", V(1)); // made again under the name: marked again
        Assert.Null(await HistoryCompactor.CompactOnceAsync(Store, ws, T0 + Retention, Retention));
        Assert.Equal(c.Revision, await Store.MarkedRevisionAsync(ws, T0 + Retention));
    }

    [Fact]
    public async Task Run_by_the_controller_it_keeps_compacting_as_time_passes()
    {
        var ws = NewWorkspace();
        var a1 = await Store.CreateAsync(ws, "pods/a", V(1));
        var a2 = await Store.UpdateAsync(ws, "pods/a", V(2), a1.Revision);
        var options = new ControllerOptions { HistoryRetention = TimeSpan.FromMilliseconds(1), CompactionInterval = TimeSpan.FromMilliseconds(20) };

        await using var controller = await RunningController.StartAsync(Store, ws, c => new HistoryCompactor(c), options);

        // The history itself, not the compaction point: a compaction raises the point before it deletes the rows below.
        var history = await Eventually.WaitForAsync("revision 1 to be compacted away",
            async () => (await Store.HistoryAsync(ws, "pods/a")).Select(e => e.Revision).ToList(), h => h.Count == 1, TimeSpan.FromSeconds(30));
        Assert.Equal([a2.Revision], history);
        Assert.True(await Store.CompactedRevisionAsync(ws) >= a2.Revision);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : HistoryCompactorTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : HistoryCompactorTests(fixture), IClassFixture<SqliteStoreFixture>;
}
