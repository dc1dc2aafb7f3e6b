using System.Text.Json.Nodes;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Patching;
using Berth.Engine.Store;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>
/// A namespace's life: born with the <c>kubernetes</c> finalizer, Terminating once deleted (closed to
/// new content), removed when the finalize subresource has emptied spec.finalizers.
/// </summary>
public abstract class NamespaceTermination(StoreFixture fixture) : DeletionContract(fixture)
{
    [Fact]
    public async Task A_new_namespace_carries_the_kubernetes_finalizer()
    {
        var ws = NewWorkspace();

        var created = await Objects.CreateAsync(ws, Namespaces, null, Obj("""{"metadata":{"name":"fresh"},"spec":{"finalizers":["example.com/mine"]}}"""));

        Assert.Equal("""["example.com/mine","kubernetes"]""", created["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("Active", created["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deleting_a_namespace_makes_it_Terminating_and_it_stays()
    {
        var ws = await WorkspaceAsync();

        var outcome = await Objects.DeleteAsync(ws, Namespaces, null, Demo, new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });
        var again = await Objects.DeleteAsync(ws, Namespaces, null, Demo, DeleteOptions.Default);

        Assert.False(outcome.Deleted);
        var stored = await Objects.GetAsync(ws, Namespaces, null, Demo);
        Assert.Equal("Terminating", stored["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(Timestamp(Now), Meta(stored, "deletionTimestamp"));
        Assert.Equal("""["kubernetes"]""", stored["spec"]!["finalizers"]!.ToJsonString());
        Assert.Empty(Finalizers.Of(stored));
        Assert.Equal(stored.ToJsonString(), again.Object.ToJsonString());
    }

    [Fact]
    public async Task Nothing_new_can_be_created_in_a_terminating_namespace()
    {
        var ws = await WorkspaceAsync();
        await Objects.DeleteAsync(ws, Namespaces, null, Demo, DeleteOptions.Default);

        var refused = await RefusedAsync(() => Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"late"}}""")));

        Assert.Equal((403, "Forbidden"), (refused.Code, refused.Reason));
        Assert.Equal("configmaps \"late\" is forbidden: unable to create new content in namespace demo because it is being terminated", refused.Message);
        var cause = Assert.Single(refused.Causes);
        Assert.Equal(("NamespaceTerminating", "metadata.namespace", "namespace demo is being terminated"), (cause.Reason, cause.Field, cause.Message));
    }

    [Fact]
    public async Task Only_the_finalize_subresource_changes_spec_finalizers_and_emptying_them_removes_the_namespace()
    {
        var ws = await WorkspaceAsync();
        await Objects.DeleteAsync(ws, Namespaces, null, Demo, DeleteOptions.Default);
        await using var watch = await Store.WatchAsync(ws, "namespaces/", await Store.CurrentRevisionAsync(ws));

        var patched = await Objects.PatchAsync(ws, Namespaces, null, Demo, PatchType.Merge, JsonNode.Parse("""{"spec":{"finalizers":[]}}"""));
        Assert.Equal("""["kubernetes"]""", patched["spec"]!["finalizers"]!.ToJsonString());

        var finalized = await Objects.FinalizeAsync(ws, Demo, Obj("""{"metadata":{"name":"demo"},"spec":{"finalizers":[]}}"""));

        Assert.Equal("[]", finalized["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("NotFound", (await RefusedAsync(() => Objects.GetAsync(ws, Namespaces, null, Demo))).Reason);
        Assert.Equal(WatchEventType.Deleted, Assert.Single(await watch.TakeAsync(1)).Type);
    }

    [Fact]
    public async Task A_namespace_with_an_orphan_finalizer_waits_for_it_too()
    {
        var ws = await WorkspaceAsync();
        var marked = await Objects.DeleteAsync(ws, Namespaces, null, Demo, new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });
        Assert.Equal(["orphan"], Finalizers.Of(marked.Object));

        await Objects.FinalizeAsync(ws, Demo, Obj("""{"metadata":{"name":"demo","finalizers":["orphan"]},"spec":{"finalizers":[]}}"""));
        var waiting = await Objects.GetAsync(ws, Namespaces, null, Demo);
        await Objects.PatchAsync(ws, Namespaces, null, Demo, PatchType.Merge, JsonNode.Parse("""{"metadata":{"finalizers":null}}"""));

        Assert.Equal("Terminating", waiting["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("NotFound", (await RefusedAsync(() => Objects.GetAsync(ws, Namespaces, null, Demo))).Reason);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task The_system_namespaces_may_not_be_deleted(string name)
    {
        var ws = NewWorkspace();
        await Objects.CreateAsync(ws, Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });

        var refused = await RefusedAsync(() => Objects.DeleteAsync(ws, Namespaces, null, name, DeleteOptions.Default));

        Assert.Equal(403, refused.Code);
        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", refused.Message);
        Assert.Null(Meta(await Objects.GetAsync(ws, Namespaces, null, name), "deletionTimestamp"));
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : NamespaceTermination(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : NamespaceTermination(fixture), IClassFixture<SqliteStoreFixture>;
}
