using System.Net;
using System.Net.Sockets;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Migrations;

public sealed class MigratorTests
{
    [Theory]
    [InlineData(DatastoreKind.Postgres)]
    [InlineData(DatastoreKind.Sqlite)]
    public async Task Migrating_twice_applies_every_migration_once(DatastoreKind kind)
    {
        await using var datastore = await TestDatastore.CreateAsync(kind);
        var versions = MigrationSource.For(kind).Select(m => m.Version).ToList();
        Assert.NotEmpty(versions);

        var first = await Migrator.MigrateAsync(datastore.Config);
        var second = await Migrator.MigrateAsync(datastore.Config);

        Assert.Equal(versions, first);
        Assert.Empty(second);
        Assert.Equal(versions, await Migrator.AppliedAsync(datastore.Config));
    }

    [Theory]
    [InlineData(DatastoreKind.Postgres)]
    [InlineData(DatastoreKind.Sqlite)]
    public async Task Migrators_running_at_once_apply_each_migration_exactly_once(DatastoreKind kind)
    {
        await using var datastore = await TestDatastore.CreateAsync(kind);

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.MigrateAsync(datastore.Config))));

        Assert.Equal(MigrationSource.For(kind).Select(m => m.Version), runs.SelectMany(applied => applied).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("postgres://berth:hunter2@127.0.0.1:{0}/berth")]
    [InlineData("Host=127.0.0.1;Port={0};Username=berth;Password=hunter2;Database=berth")]
    public async Task Migrating_an_unreachable_postgres_fails_with_Unavailable_naming_it_without_the_password(string datastore)
    {
        var port = ClosedLoopbackPort();
        var config = DatastoreConfig.Parse(string.Format(datastore, port), Path.GetTempPath());

        var e = await StoreAssert.FailsWith(StoreErrorCode.Unavailable, () => Migrator.MigrateAsync(config));

        Assert.Contains($"postgres://berth@127.0.0.1:{port}/berth", e.Message);
        Assert.DoesNotContain("hunter2", e.ToString());
    }

    /// <summary>A loopback port nothing listens on: bound by the system, then released.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
