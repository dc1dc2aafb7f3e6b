using Berth.Engine.Resources.Deletion;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>A delete's preconditions: a uid or resourceVersion that no longer holds is a 409 and deletes nothing.</summary>
public abstract class DeletePreconditions(StoreFixture fixture) : DeletionContract(fixture)
{
    [Fact]
    public async Task A_uid_that_does_not_match_is_a_Conflict_in_Kubernetes_words()
    {
        var ws = await WorkspaceAsync();
        var created = await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"app"}}"""));

        var refused = await RefusedAsync(() => Objects.DeleteAsync(ws, ConfigMaps, Demo, "app", new DeleteOptions { PreconditionUid = "not-the-uid" }));

        Assert.Equal((409, "Conflict"), (refused.Code, refused.Reason));
        Assert.Equal(
            $"Operation cannot be fulfilled on ConfigMap \"app\": the UID in the precondition (not-the-uid) does not match the UID in record ({Meta(created, "uid")}). The object might have been deleted and then recreated",
            refused.Message);
        Assert.NotNull(await Objects.GetAsync(ws, ConfigMaps, Demo, "app"));
    }

    [Fact]
    public async Task A_resourceVersion_that_moved_on_is_a_Conflict()
    {
        var ws = await WorkspaceAsync();
        var created = await Objects.CreateAsync(ws, Deployments, Demo, Obj("""{"metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}}"""));
        var updated = await Objects.PatchAsync(ws, Deployments, Demo, "web", Berth.Engine.Resources.Patching.PatchType.Merge, System.Text.Json.Nodes.JsonNode.Parse("""{"spec":{"replicas":2}}"""));

        var refused = await RefusedAsync(() => Objects.DeleteAsync(ws, Deployments, Demo, "web",
            new DeleteOptions { PreconditionResourceVersion = Meta(created, "resourceVersion") }));

        Assert.Equal(409, refused.Code);
        Assert.Equal(
            $"Operation cannot be fulfilled on Deployment.apps \"web\": the ResourceVersion in the precondition ({Meta(created, "resourceVersion")}) does not match the ResourceVersion in record ({Meta(updated, "resourceVersion")}). The object might have been modified",
            refused.Message);
        Assert.Equal(("web", "apps", "Deployment"), (refused.Name, refused.Group, refused.Kind));
    }

    [Fact]
    public async Task Preconditions_that_hold_let_the_delete_through()
    {
        var ws = await WorkspaceAsync();
        var created = await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"app"}}"""));

        var outcome = await Objects.DeleteAsync(ws, ConfigMaps, Demo, "app",
            new DeleteOptions { PreconditionUid = Meta(created, "uid"), PreconditionResourceVersion = Meta(created, "resourceVersion") });

        Assert.True(outcome.Deleted);
    }

    [Fact]
    public async Task A_namespace_answers_in_its_own_words()
    {
        var ws = await WorkspaceAsync();
        var demo = await Objects.GetAsync(ws, Namespaces, null, Demo);

        var refused = await RefusedAsync(() => Objects.DeleteAsync(ws, Namespaces, null, Demo, new DeleteOptions { PreconditionUid = "other" }));

        Assert.Equal($"Operation cannot be fulfilled on namespaces \"demo\": Precondition failed: UID in precondition: other, UID in object meta: {Meta(demo, "uid")}", refused.Message);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : DeletePreconditions(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : DeletePreconditions(fixture), IClassFixture<SqliteStoreFixture>;
}
