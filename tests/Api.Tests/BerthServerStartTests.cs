using Berth.Api.Replicas;
using Berth.Api.Tests.Support;
using Berth.Engine.Store;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests;

public sealed class BerthServerStartTests
{
    [Theory]
    [InlineData("mysql://root@127.0.0.1/berth")]
    [InlineData("postgres://")]
    [InlineData("Port=5432;Database=berth")]
    public async Task A_datastore_that_does_not_parse_fails_with_a_format_error(string datastore)
    {
        using var dir = new TempDirectory();

        var error = await Assert.ThrowsAsync<FormatException>(() => TestServers.StartAsync(dir.Path, datastore));

        Assert.Contains("datastore", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task An_unreachable_postgres_fails_with_one_line_naming_it_and_no_password()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Pick(); // nothing listens there: the connection is refused

        var error = await Assert.ThrowsAsync<StoreException>(() => TestServers.StartAsync(dir.Path, $"postgres://berth:s3cret@127.0.0.1:{port}/berth"));

        Assert.Equal(StoreErrorCode.Unavailable, error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task A_listen_address_that_does_not_parse_fails_before_the_datastore_is_touched()
    {
        using var dir = new TempDirectory();

        await Assert.ThrowsAsync<FormatException>(() => BerthServer.StartAsync(new ServerOptions
        {
            DataDirectory = dir.Path,
            Listen = "8080",
            Logging = _ => { },
        }));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("berth-a:8080")]
    [InlineData("ftp://berth-a:8080")]
    [InlineData("https://berth-a:8080/some/path")]
    public async Task An_advertise_url_that_does_not_parse_fails_before_the_datastore_is_touched(string url)
    {
        using var dir = new TempDirectory();

        var error = await Assert.ThrowsAsync<FormatException>(() => BerthServer.StartAsync(new ServerOptions
        {
            DataDirectory = dir.Path,
            Listen = "127.0.0.1:0",
            AdvertiseUrl = url,
            Logging = _ => { },
        }));

        Assert.Contains("--advertise-url", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://berth-a.example:8443", "https://berth-a.example:8443/")]
    public async Task A_server_records_where_the_other_replicas_reach_it_the_bound_port_or_its_advertise_url(string? advertise, string? recorded)
    {
        using var dir = new TempDirectory();
        await using var server = await BerthServer.StartAsync(new ServerOptions
        {
            DataDirectory = dir.Path,
            Listen = "127.0.0.1:0",
            AdvertiseUrl = advertise,
            Logging = _ => { },
        });
        var replicas = server.Services.GetRequiredService<ReplicaDirectory>();

        var self = await replicas.FindAsync(replicas.ServerId, CancellationToken.None);

        Assert.Equal(recorded ?? server.TlsAddress.ToString(), self?.Url.ToString());
        Assert.Equal(server.TrustedCertificatePem.Trim(), self?.TrustedPem.Trim());
    }

    [Fact]
    public async Task A_new_sqlite_datastore_is_migrated_on_start_and_left_alone_on_the_next()
    {
        using var dir = new TempDirectory();

        await using (var first = await TestServers.StartAsync(dir.Path))
        {
            Assert.NotEmpty(first.AppliedMigrations);
            Assert.Equal(DatastoreKind.Sqlite, first.Datastore.Kind);
            Assert.NotEqual(0, first.Address.Port);
        }

        await using var second = await TestServers.StartAsync(dir.Path);
        Assert.Empty(second.AppliedMigrations);
    }
}
