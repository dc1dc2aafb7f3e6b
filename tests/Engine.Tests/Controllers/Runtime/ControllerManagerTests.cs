using Berth.Engine.Controllers;
using Berth.Engine.Controllers.Leadership;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Berth.Engine.Tests.Controllers.Support;
using Berth.Engine.Tests.Store.Support;
using Berth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Engine.Tests.Controllers.Runtime;

/// <summary>The manager runs the built-in controllers for every workspace of a real store, new ones included.</summary>
public abstract class ControllerManagerTests(StoreFixture fixture) : StoreContract(fixture)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task It_leads_and_collects_garbage_in_a_workspace_that_appeared_after_it_started()
    {
        var options = new ControllerOptions
        {
            WorkspacePollInterval = TimeSpan.FromMilliseconds(100),
            LeaderRetryInterval = TimeSpan.FromMilliseconds(100),
            LeaderCheckInterval = TimeSpan.FromMilliseconds(100),
        };
        await using var manager = new ControllerManager(Store, new ResourceObjects(Store, TimeProvider.System), ResourceRegistry.BuiltIn,
            LeaderElections.For(Fixture.Config, options), BuiltInControllers.All, options, NullLoggerFactory.Instance);
        manager.Start();
        await Eventually.WaitForAsync("leadership", () => Task.FromResult(manager.IsLeader), leads => leads, Within);

        var objects = new TestObjects(Store, NewWorkspace());
        var owner = await objects.CreateAsync("deployments", "default", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""");
        await objects.CreateOwnedAsync("replicasets", "default", "web-1", false, owner);
        await objects.DeleteAsync("deployments", "default", "web");

        await Eventually.WaitForAsync("the replica set to be collected", () => objects.GetAsync("replicasets", "default", "web-1"), o => o is null, Within);
        Assert.Equal(1, manager.Terms);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ControllerManagerTests(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ControllerManagerTests(fixture), IClassFixture<SqliteStoreFixture>;
}
