using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Selectors;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>deletecollection: every object the selectors match is deleted by the single-object rules; the answer lists them as they were.</summary>
public abstract class CollectionDeletion(StoreFixture fixture) : DeletionContract(fixture)
{
    [Fact]
    public async Task Deletes_what_the_label_selector_matches_and_nothing_else()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"a","labels":{"app":"web"}}}"""));
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"b","labels":{"app":"web"}}}"""));
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"c","labels":{"app":"db"}}}"""));

        var deleted = await Objects.DeleteCollectionAsync(ws, ConfigMaps, Demo,
            new ListOptions { Labels = LabelSelector.Parse("app=web") }, DeleteOptions.Default);

        Assert.Equal(["a", "b"], deleted.Items.Select(i => Meta(i, "name")));
        var left = await Objects.ListAsync(ws, ConfigMaps, Demo, new ListOptions());
        Assert.Equal(["c"], left.Items.Select(i => Meta(i, "name")));
    }

    [Fact]
    public async Task Each_object_keeps_its_own_finalizers()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"plain"}}"""));
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"guarded","finalizers":["example.com/guard"]}}"""));

        await Objects.DeleteCollectionAsync(ws, ConfigMaps, Demo, new ListOptions(), DeleteOptions.Default);

        var left = Assert.Single((await Objects.ListAsync(ws, ConfigMaps, Demo, new ListOptions())).Items);
        Assert.Equal("guarded", Meta(left, "name"));
        Assert.Equal(Timestamp(Now), Meta(left, "deletionTimestamp"));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : CollectionDeletion(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : CollectionDeletion(fixture), IClassFixture<SqliteStoreFixture>;
}
