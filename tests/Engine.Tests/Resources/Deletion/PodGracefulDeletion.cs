using System.Text.Json.Nodes;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>
/// A pod on a node is deleted gracefully: marked to go at now + grace, and left for its node agent;
/// a pod on no node, a finished one, or a delete with grace 0 goes at once.
/// </summary>
public abstract class PodGracefulDeletion(StoreFixture fixture) : DeletionContract(fixture)
{
    private static JsonObject Pod(string name, string? node = "node-1", long? grace = null)
    {
        var spec = new JsonObject { ["containers"] = JsonNode.Parse("""[{"name":"c","image":"busybox"}]""") };
        if (node is not null)
        {
            spec["nodeName"] = node;
        }

        if (grace is not null)
        {
            spec["terminationGracePeriodSeconds"] = grace;
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec };
    }

    private async Task SetPhaseAsync(string ws, string name, string phase) =>
        await Objects.PatchAsync(ws, Pods, Demo, name, PatchType.Merge, new JsonObject { ["status"] = new JsonObject { ["phase"] = phase } }, statusOnly: true);

    [Fact]
    public async Task A_bound_pod_is_marked_for_its_own_grace_period_and_stays()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Pods, Demo, Pod("own", grace: 45));
        await Objects.CreateAsync(ws, Pods, Demo, Pod("default"));

        var own = await Objects.DeleteAsync(ws, Pods, Demo, "own", DeleteOptions.Default);
        var byDefault = await Objects.DeleteAsync(ws, Pods, Demo, "default", DeleteOptions.Default);

        Assert.False(own.Deleted);
        Assert.Equal((Timestamp(Now.AddSeconds(45)), "45"), (Meta(own.Object, "deletionTimestamp"), Meta(own.Object, "deletionGracePeriodSeconds")));
        Assert.Equal((Timestamp(Now.AddSeconds(30)), "30"), (Meta(byDefault.Object, "deletionTimestamp"), Meta(byDefault.Object, "deletionGracePeriodSeconds")));
        Assert.Equal("2", Meta(own.Object, "generation"));
        Assert.Equal(own.Object.ToJsonString(), (await Objects.GetAsync(ws, Pods, Demo, "own")).ToJsonString());
    }

    [Fact]
    public async Task The_request_grace_period_wins_and_zero_deletes_at_once()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Pods, Demo, Pod("asked", grace: 45));
        await Objects.CreateAsync(ws, Pods, Demo, Pod("now", grace: 45));

        var asked = await Objects.DeleteAsync(ws, Pods, Demo, "asked", new DeleteOptions { GracePeriodSeconds = 5 });
        var now = await Objects.DeleteAsync(ws, Pods, Demo, "now", new DeleteOptions { GracePeriodSeconds = 0 });

        Assert.Equal("5", Meta(asked.Object, "deletionGracePeriodSeconds"));
        Assert.True(now.Deleted);
        Assert.Equal("NotFound", (await RefusedAsync(() => Objects.GetAsync(ws, Pods, Demo, "now"))).Reason);
    }

    [Fact]
    public async Task Unbound_and_finished_pods_go_at_once()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Pods, Demo, Pod("pending", node: null));
        await Objects.CreateAsync(ws, Pods, Demo, Pod("done"));
        await SetPhaseAsync(ws, "done", "Succeeded");

        Assert.True((await Objects.DeleteAsync(ws, Pods, Demo, "pending", DeleteOptions.Default)).Deleted);
        Assert.True((await Objects.DeleteAsync(ws, Pods, Demo, "done", DeleteOptions.Default)).Deleted);
    }

    [Fact]
    public async Task A_later_delete_may_only_shorten_the_grace_period()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Pods, Demo, Pod("web"));
        var marked = (await Objects.DeleteAsync(ws, Pods, Demo, "web", DeleteOptions.Default)).Object;
        var revision = await Store.CurrentRevisionAsync(ws);

        var longer = await Objects.DeleteAsync(ws, Pods, Demo, "web", new DeleteOptions { GracePeriodSeconds = 60 });
        Assert.Equal(marked.ToJsonString(), longer.Object.ToJsonString());
        Assert.Equal(revision, await Store.CurrentRevisionAsync(ws));

        var shorter = await Objects.DeleteAsync(ws, Pods, Demo, "web", new DeleteOptions { GracePeriodSeconds = 10 });
        Assert.Equal((Timestamp(Now.AddSeconds(10)), "10"), (Meta(shorter.Object, "deletionTimestamp"), Meta(shorter.Object, "deletionGracePeriodSeconds")));
        Assert.Equal("2", Meta(shorter.Object, "generation")); // bumped once, when the deletion began

        // The node agent, done with the containers, finishes the delete.
        Assert.True((await Objects.DeleteAsync(ws, Pods, Demo, "web", new DeleteOptions { GracePeriodSeconds = 0 })).Deleted);
    }

    [Fact]
    public async Task A_pod_in_its_grace_period_stays_when_its_finalizers_go()
    {
        var ws = await WorkspaceAsync();
        var pod = Pod("guarded");
        pod["metadata"]!["finalizers"] = new JsonArray("example.com/guard");
        await Objects.CreateAsync(ws, Pods, Demo, pod);
        await Objects.DeleteAsync(ws, Pods, Demo, "guarded", DeleteOptions.Default);

        await Objects.PatchAsync(ws, Pods, Demo, "guarded", PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":null}}"""));

        Assert.Equal("30", Meta(await Objects.GetAsync(ws, Pods, Demo, "guarded"), "deletionGracePeriodSeconds"));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : PodGracefulDeletion(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : PodGracefulDeletion(fixture), IClassFixture<SqliteStoreFixture>;
}
