using System.Text.Json;
using Berth.Api.Agents;
using Berth.Api.Replicas;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Api.Tests.Agents;

/// <summary>
/// Usage reports shared between replicas through <c>node_heartbeats</c> (<see cref="UsageSamples"/>):
/// read only while another replica is alive, so a lone server does no periodic query for them.
/// <c>ReplicaAgentTests</c> covers two real servers and a real agent.
/// </summary>
public sealed class UsageSharingTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory directory = new("berth-usage-sharing");
    private TestDatabase database = null!;
    private BerthServer server = null!;

    [PostgresFact]
    public async Task A_lone_server_reads_no_shared_reports_and_reads_them_once_another_replica_is_alive()
    {
        var replicas = server.Services.GetRequiredService<ReplicaDirectory>();
        var samples = server.Services.GetRequiredService<UsageSamples>();
        var heartbeats = server.Services.GetRequiredService<NodeHeartbeats>();
        Assert.False(replicas.OthersAlive);

        // A report that a replica which is not alive (no fresh server_replicas row) shared on its node's beat.
        var now = DateTimeOffset.UtcNow;
        var report = new MetricsReport(now, TimeSpan.FromMinutes(1), new ResourceUsage(1_000_000, 1 << 20), []);
        await heartbeats.BeatAsync("default", "ghost", "gone-replica", now, usage: (JsonSerializer.Serialize(report), now));

        // The directory looks twice (5 s apart): a poll every 2 s would have read the row meanwhile.
        var looked = await Eventually.WaitForAsync("the directory looks for the others", () => Task.FromResult(replicas.LookedAt), at => at > now, Deadline);
        await Eventually.WaitForAsync("the directory looks again", () => Task.FromResult(replicas.LookedAt), at => at > looked, Deadline);
        Assert.False(replicas.OthersAlive);
        Assert.DoesNotContain(samples.Of("default"), r => r.Node == "ghost");

        // Another replica comes: its node's report is served here too.
        await using var other = new ReplicaDirectory(server.Datastore, TimeProvider.System, NullLogger<ReplicaDirectory>.Instance);
        await other.StartAsync(new Uri("https://127.0.0.1:1/"), server.TrustedCertificatePem, CancellationToken.None);
        Assert.True(other.OthersAlive); // a replica that starts sees the one already there at once
        await heartbeats.BeatAsync("default", "ghost", other.ServerId, DateTimeOffset.UtcNow, usage: (JsonSerializer.Serialize(report), DateTimeOffset.UtcNow));
        var served = await Eventually.WaitForAsync("the lone server serves the other replica's node",
            () => Task.FromResult(samples.Of("default").SingleOrDefault(r => r.Node == "ghost")), r => r is not null, Deadline);
        Assert.True(replicas.OthersAlive);
        Assert.Equal(1 << 20, served!.Report.Node!.MemoryWorkingSetBytes);
    }

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        server = await TestServers.StartAsync(directory.Path, database.Url);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await database.DisposeAsync();
        directory.Dispose();
    }
}
