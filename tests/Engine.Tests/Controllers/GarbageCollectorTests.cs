using System.Text.Json.Nodes;
using Berth.Engine.Controllers.GarbageCollection;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Tests.Controllers.Support;
using Berth.Engine.Tests.Store.Support;
using Berth.Tests.Support;

namespace Berth.Engine.Tests.Controllers;

/// <summary>The garbage collector against the real stores, across kinds, for each propagation policy.</summary>
public abstract class GarbageCollectorTests(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Background_when_an_owner_is_gone_its_dependents_go_and_theirs_after_them()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        var replicaSet = await objects.CreateOwnedAsync("replicasets", "default", "web-1", false, deployment);
        await objects.CreateOwnedAsync("pods", "default", "web-1-a", false, replicaSet);
        await objects.CreateOwnedAsync("pods", "default", "web-1-b", false, replicaSet);
        var unrelated = await objects.CreateAsync("pods", "default", """{"metadata":{"name":"other"}}""");
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await objects.DeleteAsync("deployments", "default", "web");

        await WaitGoneAsync(objects, ("replicasets", "web-1"), ("pods", "web-1-a"), ("pods", "web-1-b"));
        Assert.NotNull(await objects.GetAsync("pods", "default", "other"));
        Assert.NotNull(unrelated);
    }

    [Fact]
    public async Task Dependents_of_an_owner_deleted_while_the_collector_was_not_running_go_when_it_starts()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var job = await objects.CreateAsync("jobs", "default", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"}}""");
        await objects.CreateOwnedAsync("pods", "default", "once-a", false, job);
        await objects.DeleteAsync("jobs", "default", "once", PropagationPolicy.Background);

        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await WaitGoneAsync(objects, ("pods", "once-a"));
    }

    [Fact]
    public async Task A_job_deleted_with_no_policy_orphans_its_pods_as_batch_v1_does_and_then_goes()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var job = await objects.CreateAsync("jobs", "default", """{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"once"}}""");
        await objects.CreateOwnedAsync("pods", "default", "once-a", false, job);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        var marked = await objects.DeleteAsync("jobs", "default", "once");

        Assert.Contains(Finalizers.Orphan, Finalizers.Of(marked));
        await WaitGoneAsync(objects, ("jobs", "once"));
        var pod = await objects.GetAsync("pods", "default", "once-a");
        Assert.NotNull(pod);
        Assert.Empty(TestObjects.OwnerUids(pod));
    }

    [Fact]
    public async Task A_reference_to_a_namesake_with_another_uid_dangles_so_the_dependent_goes()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var first = await objects.CreateAsync("cronjobs", "default", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"}}""");
        await objects.DeleteAsync("cronjobs", "default", "nightly");
        await objects.CreateAsync("cronjobs", "default", """{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"nightly"}}""");
        await objects.CreateOwnedAsync("jobs", "default", "nightly-1", false, first);

        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await WaitGoneAsync(objects, ("jobs", "nightly-1"));
        Assert.NotNull(await objects.GetAsync("cronjobs", "default", "nightly"));
    }

    [Fact]
    public async Task A_dependent_with_a_live_owner_stays_and_only_loses_its_dangling_references()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var service = await objects.CreateAsync("services", "default", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"}}""");
        var gone = await objects.CreateAsync("services", "default", """{"apiVersion":"v1","kind":"Service","metadata":{"name":"old"}}""");
        await objects.DeleteAsync("services", "default", "old");
        await objects.CreateOwnedAsync("endpointslices", "default", "web-x", false, service, gone);

        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        var slice = await Eventually.WaitForAsync("the dangling reference to go",
            () => objects.GetAsync("endpointslices", "default", "web-x"), s => s is null || TestObjects.OwnerUids(s).Count == 1, Within);
        Assert.NotNull(slice);
        Assert.Equal([Uid(service)], TestObjects.OwnerUids(slice));
    }

    [Fact]
    public async Task An_owner_of_a_kind_Berth_does_not_serve_is_never_taken_for_gone()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var foreign = JsonNode.Parse("""{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","uid":"0f0f"}}""")!.AsObject();
        await objects.CreateOwnedAsync("configmaps", "default", "kept", false, foreign);
        var owner = await objects.CreateAsync("configmaps", "default", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owner"}}""");
        await objects.CreateOwnedAsync("configmaps", "default", "probe", false, owner);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        // A later dependent whose owner goes proves the collector has run over the workspace.
        await objects.DeleteAsync("configmaps", "default", "owner");
        await WaitGoneAsync(objects, ("configmaps", "probe"));

        Assert.NotNull(await objects.GetAsync("configmaps", "default", "kept"));
    }

    [Fact]
    public async Task Orphan_the_dependents_forget_the_owner_then_its_orphan_finalizer_goes()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        var other = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"other"}}""");
        await objects.CreateOwnedAsync("replicasets", "default", "web-1", true, deployment);
        await objects.CreateOwnedAsync("replicasets", "default", "web-2", false, deployment, other);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await objects.MarkDeletingAsync("deployments", "default", "web", Finalizers.Orphan, "example.com/keep");

        var owner = await Eventually.WaitForAsync("the orphan finalizer to go",
            () => objects.GetAsync("deployments", "default", "web"), d => d is null || !Finalizers.Of(d).Contains(Finalizers.Orphan), Within);
        Assert.Equal(["example.com/keep"], Finalizers.Of(owner!));
        Assert.Empty(TestObjects.OwnerUids((await objects.GetAsync("replicasets", "default", "web-1"))!));
        Assert.Equal([Uid(other)], TestObjects.OwnerUids((await objects.GetAsync("replicasets", "default", "web-2"))!));
    }

    [Fact]
    public async Task Foreground_the_dependents_go_first_then_the_owner_loses_its_foreground_finalizer()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        var replicaSet = await objects.CreateOwnedAsync("replicasets", "default", "web-1", true, deployment);
        await objects.CreateOwnedAsync("pods", "default", "web-1-a", true, replicaSet);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await objects.MarkDeletingAsync("deployments", "default", "web", Finalizers.ForegroundDeletion, "example.com/keep");

        await WaitGoneAsync(objects, ("replicasets", "web-1"), ("pods", "web-1-a"));
        var owner = await Eventually.WaitForAsync("the foreground finalizer to go",
            () => objects.GetAsync("deployments", "default", "web"), d => d is null || !Finalizers.Of(d).Contains(Finalizers.ForegroundDeletion), Within);
        Assert.Equal(["example.com/keep"], Finalizers.Of(owner!));
    }

    [Fact]
    public async Task Foreground_an_owner_waits_while_a_blocking_dependent_is_held_by_a_finalizer()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        await objects.CreateOwnedAsync("replicasets", "default", "web-1", true, deployment);
        await objects.MarkDeletingAsync("replicasets", "default", "web-1", "example.com/hold");
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await objects.MarkDeletingAsync("deployments", "default", "web", Finalizers.ForegroundDeletion);
        // Proof that the collector has looked at the workspace since: a background case settles.
        var probeOwner = await objects.CreateAsync("configmaps", "default", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"owner"}}""");
        await objects.CreateOwnedAsync("configmaps", "default", "probe", false, probeOwner);
        await objects.DeleteAsync("configmaps", "default", "owner");
        await WaitGoneAsync(objects, ("configmaps", "probe"));
        Assert.Contains(Finalizers.ForegroundDeletion, Finalizers.Of((await objects.GetAsync("deployments", "default", "web"))!));

        // The holder lets go: the dependent goes, and with it the owner's wait (and the owner, its last finalizer gone).
        await objects.PatchAsync("replicasets", "default", "web-1", """{"metadata":{"finalizers":null}}""");
        await WaitGoneAsync(objects, ("replicasets", "web-1"), ("deployments", "web"));
    }

    [Fact]
    public async Task Through_the_API_a_foreground_delete_removes_the_owner_after_its_dependents()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        await objects.CreateOwnedAsync("replicasets", "default", "web-1", true, deployment);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        var marked = await objects.DeleteAsync("deployments", "default", "web", PropagationPolicy.Foreground);

        Assert.Contains(Finalizers.ForegroundDeletion, Finalizers.Of(marked));
        await WaitGoneAsync(objects, ("deployments", "web"));
        Assert.Null(await objects.GetAsync("replicasets", "default", "web-1"));
    }

    [Fact]
    public async Task Through_the_API_an_orphan_delete_removes_the_owner_and_leaves_its_dependents_unowned()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        var deployment = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        await objects.CreateOwnedAsync("replicasets", "default", "web-1", true, deployment);
        await using var gc = await RunningController.StartAsync(Store, objects.Workspace, c => new GarbageCollector(c));

        await objects.DeleteAsync("deployments", "default", "web", PropagationPolicy.Orphan);

        await WaitGoneAsync(objects, ("deployments", "web"));
        Assert.Empty(TestObjects.OwnerUids((await objects.GetAsync("replicasets", "default", "web-1"))!));
    }

    private async Task WaitGoneAsync(TestObjects objects, params (string Plural, string Name)[] names)
    {
        foreach (var (plural, name) in names)
        {
            await Eventually.WaitForAsync($"{plural} {name} to be collected", () => objects.GetAsync(plural, "default", name), o => o is null, Within);
        }
    }

    private static string Uid(JsonObject obj) => ObjectJson.String(ObjectJson.Metadata(obj), "uid")!;

    public sealed class Postgres(PostgresStoreFixture fixture) : GarbageCollectorTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : GarbageCollectorTests(fixture), IClassFixture<SqliteStoreFixture>;
}
