using System.Text.Json.Nodes;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>Finalizers hold a deleted object in the store, marked; taking the last one off completes the delete.</summary>
public abstract class FinalizerDeletion(StoreFixture fixture) : DeletionContract(fixture)
{
    private const string Guarded = """{"metadata":{"name":"guarded","finalizers":["example.com/guard"]},"data":{"k":"v"}}""";

    [Fact]
    public async Task A_delete_marks_an_object_with_finalizers_and_leaves_it_in_the_store()
    {
        var ws = await WorkspaceAsync();
        var created = await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj(Guarded));

        var outcome = await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);

        Assert.False(outcome.Deleted);
        var stored = await Objects.GetAsync(ws, ConfigMaps, Demo, "guarded");
        Assert.Equal(Timestamp(Now), Meta(stored, "deletionTimestamp"));
        Assert.Equal("0", Meta(stored, "deletionGracePeriodSeconds"));
        Assert.Equal(["example.com/guard"], Finalizers.Of(stored));
        Assert.NotEqual(Meta(created, "resourceVersion"), Meta(stored, "resourceVersion"));
        Assert.Equal(stored.ToJsonString(), outcome.Object.ToJsonString());
    }

    [Fact]
    public async Task A_second_delete_of_a_marked_object_answers_with_it_and_writes_nothing()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj(Guarded));
        var marked = (await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default)).Object;
        var revision = await Store.CurrentRevisionAsync(ws);

        var again = await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);

        Assert.False(again.Deleted);
        Assert.Equal(marked.ToJsonString(), again.Object.ToJsonString());
        Assert.Equal(revision, await Store.CurrentRevisionAsync(ws));
    }

    [Fact]
    public async Task Taking_the_last_finalizer_off_removes_the_object_and_watchers_see_it_deleted()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"guarded","finalizers":["a.example/x","b.example/y"]}}"""));
        var from = await Store.CurrentRevisionAsync(ws);
        await using var watch = await Store.WatchAsync(ws, "configmaps/", from);

        await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);
        await Objects.PatchAsync(ws, ConfigMaps, Demo, "guarded", PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":["b.example/y"]}}"""));
        Assert.NotNull(await Objects.GetAsync(ws, ConfigMaps, Demo, "guarded"));
        var last = await Objects.PatchAsync(ws, ConfigMaps, Demo, "guarded", PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":null}}"""));

        Assert.Empty(Finalizers.Of(last));
        Assert.Equal("NotFound", (await RefusedAsync(() => Objects.GetAsync(ws, ConfigMaps, Demo, "guarded"))).Reason);
        var events = await watch.TakeAsync(3);
        Assert.Equal([WatchEventType.Updated, WatchEventType.Updated, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(await Store.CurrentRevisionAsync(ws), events[^1].Revision);
    }

    [Fact]
    public async Task An_update_cannot_add_a_finalizer_to_an_object_being_deleted()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj(Guarded));
        await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);

        var refused = await RefusedAsync(() => Objects.PatchAsync(ws, ConfigMaps, Demo, "guarded", PatchType.Merge,
            JsonNode.Parse("""{"metadata":{"finalizers":["example.com/guard","example.com/late"]}}""")));

        Assert.Equal(422, refused.Code);
        Assert.Equal(
            "ConfigMap \"guarded\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/late\"}",
            refused.Message);
        Assert.Equal("metadata.finalizers", Assert.Single(refused.Causes).Field);
    }

    [Fact]
    public async Task An_update_keeps_the_deletionTimestamp_it_leaves_out_and_cannot_set_one()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj(Guarded));
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"live"}}"""));
        var marked = (await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default)).Object;

        var replacement = Obj(Guarded);
        replacement["data"] = new JsonObject { ["k"] = "changed" };
        var updated = await Objects.UpdateAsync(ws, ConfigMaps, Demo, "guarded", replacement);
        var stamped = await RefusedAsync(() => Objects.PatchAsync(ws, ConfigMaps, Demo, "live", PatchType.Merge,
            JsonNode.Parse("""{"metadata":{"deletionTimestamp":"2031-01-01T00:00:00Z"}}""")));

        Assert.Equal(Meta(marked, "deletionTimestamp"), Meta(updated, "deletionTimestamp"));
        Assert.Equal("0", Meta(updated, "deletionGracePeriodSeconds"));
        Assert.Equal("changed", updated["data"]!["k"]!.GetValue<string>());
        Assert.Equal(422, stamped.Code);
        Assert.Equal("ConfigMap \"live\" is invalid: metadata.deletionTimestamp: Invalid value: 2031-01-01 00:00:00 +0000 UTC: field is immutable", stamped.Message);
    }

    [Fact]
    public async Task A_create_drops_deletion_fields_and_a_name_held_by_an_object_being_deleted_says_so()
    {
        var ws = await WorkspaceAsync();
        var created = await Objects.CreateAsync(ws, ConfigMaps, Demo,
            Obj("""{"metadata":{"name":"guarded","finalizers":["example.com/guard"],"deletionTimestamp":"2020-01-01T00:00:00Z","deletionGracePeriodSeconds":5}}"""));
        Assert.Null(created["metadata"]!["deletionTimestamp"]);
        Assert.Null(created["metadata"]!["deletionGracePeriodSeconds"]);
        await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);

        var taken = await RefusedAsync(() => Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"guarded"}}""")));

        Assert.Equal("AlreadyExists", taken.Reason);
        Assert.Equal("object is being deleted: configmaps \"guarded\" already exists", taken.Message);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : FinalizerDeletion(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : FinalizerDeletion(fixture), IClassFixture<SqliteStoreFixture>;
}
