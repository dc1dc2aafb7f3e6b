using System.Text.Json.Nodes;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>dryRun=All: every check and default runs, the answer is what would be stored, and no revision is taken.</summary>
public abstract class DryRuns(StoreFixture fixture) : DeletionContract(fixture)
{
    [Fact]
    public async Task Writes_answer_as_if_stored_and_leave_the_revision_where_it_was()
    {
        var ws = await WorkspaceAsync();
        var existing = await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"app","labels":{"tier":"web"}},"data":{"k":"v"}}"""));
        var revision = await Store.CurrentRevisionAsync(ws);
        var dry = Objects.DryRun;

        var created = await dry.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"generateName":"new-"}}"""));
        var updated = await dry.UpdateAsync(ws, ConfigMaps, Demo, "app", Obj("""{"metadata":{"name":"app"},"data":{"k":"replaced"}}"""));
        var patched = await dry.PatchAsync(ws, ConfigMaps, Demo, "app", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"patched"}}"""));
        var deleted = await dry.DeleteAsync(ws, ConfigMaps, Demo, "app", DeleteOptions.Default);
        var collection = await dry.DeleteCollectionAsync(ws, ConfigMaps, Demo, new ListOptions(), DeleteOptions.Default);

        Assert.StartsWith("new-", Meta(created, "name"));
        Assert.NotNull(Meta(created, "uid"));
        Assert.Null(created["metadata"]!["resourceVersion"]); // never stored, so no version
        Assert.Equal("replaced", updated["data"]!["k"]!.GetValue<string>());
        Assert.Equal("patched", patched["data"]!["k"]!.GetValue<string>());
        Assert.Equal(Meta(existing, "resourceVersion"), Meta(patched, "resourceVersion"));
        Assert.True(deleted.Deleted);
        Assert.Equal("app", Meta(Assert.Single(collection.Items), "name"));
        Assert.Equal(revision, await Store.CurrentRevisionAsync(ws));
        Assert.Equal(existing.ToJsonString(), (await Objects.GetAsync(ws, ConfigMaps, Demo, "app")).ToJsonString());
    }

    [Fact]
    public async Task A_dry_run_refuses_what_the_real_write_would_refuse()
    {
        var ws = await WorkspaceAsync();
        var existing = await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"app"}}"""));
        await Objects.PatchAsync(ws, ConfigMaps, Demo, "app", PatchType.Merge, JsonNode.Parse("""{"data":{"k":"v"}}"""));
        var dry = Objects.DryRun;

        Assert.Equal("AlreadyExists", (await RefusedAsync(() => dry.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"app"}}""")))).Reason);
        Assert.Equal("Conflict", (await RefusedAsync(() => dry.UpdateAsync(ws, ConfigMaps, Demo, "app", existing))).Reason);
        Assert.Equal("NotFound", (await RefusedAsync(() => dry.CreateAsync(ws, ConfigMaps, "nowhere", Obj("""{"metadata":{"name":"x"}}""")))).Reason);
        Assert.Equal("Invalid", (await RefusedAsync(() => dry.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"Bad_Name"}}""")))).Reason);
        Assert.Equal("NotFound", (await RefusedAsync(() => dry.DeleteAsync(ws, ConfigMaps, Demo, "missing", DeleteOptions.Default))).Reason);
    }

    [Fact]
    public async Task A_dry_run_delete_of_an_object_with_finalizers_answers_the_mark_it_would_store()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"guarded","finalizers":["example.com/guard"]}}"""));
        var revision = await Store.CurrentRevisionAsync(ws);

        var outcome = await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", new DeleteOptions { DryRun = true });

        Assert.False(outcome.Deleted);
        Assert.Equal(Timestamp(Now), Meta(outcome.Object, "deletionTimestamp"));
        Assert.Null(Meta(await Objects.GetAsync(ws, ConfigMaps, Demo, "guarded"), "deletionTimestamp"));
        Assert.Equal(revision, await Store.CurrentRevisionAsync(ws));
    }

    [Fact]
    public async Task Removing_the_last_finalizer_in_a_dry_run_leaves_the_object_in_the_store()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"guarded","finalizers":["example.com/guard"]}}"""));
        await Objects.DeleteAsync(ws, ConfigMaps, Demo, "guarded", DeleteOptions.Default);
        var revision = await Store.CurrentRevisionAsync(ws);

        await Objects.DryRun.PatchAsync(ws, ConfigMaps, Demo, "guarded", PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":null}}"""));

        Assert.Equal(["example.com/guard"], Finalizers.Of(await Objects.GetAsync(ws, ConfigMaps, Demo, "guarded")));
        Assert.Equal(revision, await Store.CurrentRevisionAsync(ws));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : DryRuns(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : DryRuns(fixture), IClassFixture<SqliteStoreFixture>;
}
