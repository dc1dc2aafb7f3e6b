using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Health;

public sealed class ProbeTests
{
    private static readonly TimeSpan OutageDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_server_on_embedded_sqlite_is_live_and_ready()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);

        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/livez")));
        var ready = await Http.GetAsync(server.Url("/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("ok\n", ready.Body);
    }

    [PostgresFact]
    public async Task A_server_on_postgres_is_live_and_ready()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);

        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/livez")));
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/readyz")));
    }

    // Needs PostgreSQL installed; BERTH_TEST_POSTGRES being set is how a run says it is.
    [PostgresFact]
    public async Task Losing_postgres_fails_readiness_but_not_liveness_and_its_return_restores_readiness_without_a_restart()
    {
        using var dir = new TempDirectory();
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await using var server = await TestServers.StartAsync(dir.Path, postgres.ConnectionString);
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/readyz")));

        await postgres.StopAsync();
        await Eventually.WaitForAsync("readyz turns 503 once PostgreSQL is gone",
            () => Http.StatusAsync(server.Url("/readyz")), s => s == HttpStatusCode.ServiceUnavailable, OutageDeadline);
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/livez")));
        var body = (await Http.GetAsync(server.Url("/readyz"))).Body;
        Assert.StartsWith("not ready: ", body);

        await postgres.RestartAsync();
        await Eventually.WaitForAsync("readyz turns 200 once PostgreSQL is back",
            () => Http.StatusAsync(server.Url("/readyz")), s => s == HttpStatusCode.OK, OutageDeadline);
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/livez")));
    }
}
