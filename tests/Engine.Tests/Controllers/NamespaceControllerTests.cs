using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Namespaces;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Tests.Controllers.Support;
using Berth.Engine.Tests.Store.Support;
using Berth.Tests.Support;

namespace Berth.Engine.Tests.Controllers;

/// <summary>The namespace controller against the real stores: a terminating namespace is emptied, then finalized.</summary>
public abstract class NamespaceControllerTests(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_terminating_namespace_loses_every_object_of_every_kind_then_its_finalizer_and_so_goes()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "doomed", """{"metadata":{"name":"settings"}}""");
        await objects.CreateAsync("pods", "doomed", """{"metadata":{"name":"web"}}""");
        await objects.CreateAsync("deployments", "doomed", """{"metadata":{"name":"web"}}""");
        await objects.CreateAsync("leases", "doomed", """{"metadata":{"name":"lock"}}""");
        await objects.CreateAsync("configmaps", "kept", """{"metadata":{"name":"settings"}}""");
        await using var controller = await RunningController.StartAsync(Store, objects.Workspace, c => new NamespaceController(c));

        await objects.MarkDeletingAsync("namespaces", null, "doomed");

        await Eventually.WaitForAsync("the namespace to go", () => objects.GetAsync("namespaces", null, "doomed"), n => n is null, Within);
        foreach (var (plural, name) in new[] { ("configmaps", "settings"), ("pods", "web"), ("deployments", "web"), ("leases", "lock") })
        {
            Assert.Null(await objects.GetAsync(plural, "doomed", name));
        }

        Assert.NotNull(await objects.GetAsync("configmaps", "kept", "settings"));
        Assert.NotNull(await objects.GetAsync("namespaces", null, "kept"));
    }

    [Fact]
    public async Task The_namespace_waits_for_objects_held_by_finalizers_and_says_so_in_its_conditions()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "doomed", """{"metadata":{"name":"held"}}""");
        await objects.MarkDeletingAsync("configmaps", "doomed", "held", "example.com/hold");
        await using var controller = await RunningController.StartAsync(Store, objects.Workspace, c => new NamespaceController(c));

        await objects.MarkDeletingAsync("namespaces", null, "doomed");

        var ns = await Eventually.WaitForAsync("the namespace to report what remains", () => objects.GetAsync("namespaces", null, "doomed"),
            n => Condition(n!, "NamespaceFinalizersRemaining") is not null, Within);
        Assert.Equal(
            ("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"),
            Condition(ns!, "NamespaceContentRemaining"));
        Assert.Equal(
            ("True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"),
            Condition(ns!, "NamespaceFinalizersRemaining"));
        Assert.Contains(Finalizers.Kubernetes, SpecFinalizers(ns!));

        // The holder lets go (removing the last finalizer completes the object's delete); the namespace follows.
        await objects.PatchAsync("configmaps", "doomed", "held", """{"metadata":{"finalizers":null}}""");
        await Eventually.WaitForAsync("the namespace to go", () => objects.GetAsync("namespaces", null, "doomed"), n => n is null, Within);
    }

    [Fact]
    public async Task A_namespace_that_is_not_being_deleted_is_left_alone()
    {
        var objects = new TestObjects(Store, NewWorkspace());
        await objects.CreateAsync("configmaps", "live", """{"metadata":{"name":"settings"}}""");
        await objects.CreateAsync("configmaps", "doomed", """{"metadata":{"name":"settings"}}""");
        await using var controller = await RunningController.StartAsync(Store, objects.Workspace, c => new NamespaceController(c));

        await objects.MarkDeletingAsync("namespaces", null, "doomed");
        await Eventually.WaitForAsync("the doomed namespace to be emptied", () => objects.GetAsync("configmaps", "doomed", "settings"), o => o is null, Within);

        Assert.NotNull(await objects.GetAsync("configmaps", "live", "settings"));
    }

    private static IReadOnlyList<string> SpecFinalizers(JsonObject ns) => NamespaceLifecycle.SpecFinalizers(ns);

    private static (string? Status, string? Reason, string? Message)? Condition(JsonObject ns, string type) =>
        (ns["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().Where(c => ObjectJson.String(c, "type") == type)
            .Select(c => ((string?, string?, string?)?)(ObjectJson.String(c, "status"), ObjectJson.String(c, "reason"), ObjectJson.String(c, "message")))
            .FirstOrDefault();

    public sealed class Postgres(PostgresStoreFixture fixture) : NamespaceControllerTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : NamespaceControllerTests(fixture), IClassFixture<SqliteStoreFixture>;
}
