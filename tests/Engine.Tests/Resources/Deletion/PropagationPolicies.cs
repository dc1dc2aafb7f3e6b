using Berth.Engine.Resources.Deletion;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Resources.Deletion;

/// <summary>The finalizer each propagation policy leaves on an owner, and each kind's default, as in Kubernetes.</summary>
public abstract class PropagationPolicies(StoreFixture fixture) : DeletionContract(fixture)
{
    private const string Deployment = """
        {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}}
        """;

    [Theory]
    [InlineData(PropagationPolicy.Orphan, "orphan")]
    [InlineData(PropagationPolicy.Foreground, "foregroundDeletion")]
    public async Task Orphan_and_Foreground_leave_their_finalizer_and_the_owner_stays(PropagationPolicy policy, string finalizer)
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Deployments, Demo, Obj(Deployment));

        var outcome = await Objects.DeleteAsync(ws, Deployments, Demo, "web", new DeleteOptions { PropagationPolicy = policy });

        Assert.False(outcome.Deleted);
        var stored = await Objects.GetAsync(ws, Deployments, Demo, "web");
        Assert.Equal([finalizer], Finalizers.Of(stored));
        Assert.Equal(Timestamp(Now), Meta(stored, "deletionTimestamp"));
        Assert.Equal("2", Meta(stored, "generation")); // a deletion starting is a change controllers must see
    }

    [Fact]
    public async Task Background_removes_the_owner_at_once()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Deployments, Demo, Obj(Deployment));

        var outcome = await Objects.DeleteAsync(ws, Deployments, Demo, "web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });

        Assert.True(outcome.Deleted);
        Assert.Equal("NotFound", (await RefusedAsync(() => Objects.GetAsync(ws, Deployments, Demo, "web"))).Reason);
    }

    [Fact]
    public async Task The_deprecated_orphanDependents_true_orphans()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, ConfigMaps, Demo, Obj("""{"metadata":{"name":"owner"}}"""));

        await Objects.DeleteAsync(ws, ConfigMaps, Demo, "owner", new DeleteOptions { OrphanDependents = true });

        Assert.Equal(["orphan"], Finalizers.Of(await Objects.GetAsync(ws, ConfigMaps, Demo, "owner")));
    }

    [Fact]
    public async Task A_batch_v1_Job_orphans_its_pods_unless_told_otherwise()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Jobs, Demo, Obj("""{"metadata":{"name":"once"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}"""));
        await Objects.CreateAsync(ws, Jobs, Demo, Obj("""{"metadata":{"name":"twice"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"busybox"}]}}}}"""));

        var byDefault = await Objects.DeleteAsync(ws, Jobs, Demo, "once", DeleteOptions.Default);
        var background = await Objects.DeleteAsync(ws, Jobs, Demo, "twice", new DeleteOptions { PropagationPolicy = PropagationPolicy.Background });

        Assert.Equal(["orphan"], Finalizers.Of(byDefault.Object));
        Assert.False(byDefault.Deleted);
        Assert.True(background.Deleted);
    }

    [Fact]
    public async Task Events_take_no_part_in_garbage_collection()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Events, Demo, Obj("""{"metadata":{"name":"seen"},"involvedObject":{"kind":"Pod","name":"web"}}"""));

        var outcome = await Objects.DeleteAsync(ws, Events, Demo, "seen", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });

        Assert.True(outcome.Deleted);
    }

    [Fact]
    public async Task A_later_delete_may_change_the_policy_of_an_owner_waiting_on_its_finalizer()
    {
        var ws = await WorkspaceAsync();
        await Objects.CreateAsync(ws, Deployments, Demo, Obj(Deployment));
        await Objects.DeleteAsync(ws, Deployments, Demo, "web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Orphan });

        var outcome = await Objects.DeleteAsync(ws, Deployments, Demo, "web", new DeleteOptions { PropagationPolicy = PropagationPolicy.Foreground });

        Assert.Equal(["foregroundDeletion"], Finalizers.Of(outcome.Object));
        Assert.False(outcome.Deleted);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : PropagationPolicies(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : PropagationPolicies(fixture), IClassFixture<SqliteStoreFixture>;
}
