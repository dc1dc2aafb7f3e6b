using System.Net;
using Berth.Api.Tests.Support;
using Berth.Engine.Controllers.Leadership;
using Berth.Tests.Support;
using Npgsql;

namespace Berth.Api.Tests.Controllers;

/// <summary>
/// Controllers run on one replica only: two real servers on one PostgreSQL elect a leader through
/// an advisory lock; when the leader stops, or loses the lock's connection, leadership moves.
/// </summary>
public sealed class ControllerLeadershipTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>A spec that a Deployment's and a ReplicaSet's admission both accept.</summary>
    private const string Workload =
        """{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}""";

    [PostgresFact]
    public async Task Exactly_one_of_two_servers_leads_and_when_it_stops_the_other_takes_over_and_collects_garbage()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        var logsB = new CapturedLogs();
        BerthServer? a = await TestServers.StartAsync(dirA.Path, database.Url, controllers: TestServers.QuickControllers);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url, logsB.AddTo, controllers: TestServers.QuickControllers);
        try
        {
            await Eventually.WaitForAsync("a leader", () => Task.FromResult(a.Controllers.IsLeader || b.Controllers.IsLeader), leads => leads, Within);
            Assert.True(a.Controllers.IsLeader, "A started first, on a free lock");
            Assert.False(b.Controllers.IsLeader);
            Assert.Equal(0, b.Controllers.Terms);

            await a.DisposeAsync();
            a = null;
            await Eventually.WaitForAsync("B to take over", () => Task.FromResult(b.Controllers.IsLeader), leads => leads, Within);
            Assert.Contains(logsB.Entries, e => e.Message.StartsWith("Became the controller leader (postgres)", StringComparison.Ordinal));
        }
        finally
        {
            if (a is not null)
            {
                await a.DisposeAsync();
            }
        }

        // The new leader's garbage collector works: a replica set whose deployment goes follows it.
        using var api = KubeApi.Admin(b);
        var deployment = await api.PostAsync("/apis/apps/v1/namespaces/default/deployments", $$"""{"metadata":{"name":"web"},"spec":{{Workload}}}""");
        Assert.Equal(HttpStatusCode.Created, deployment.Status);
        var uid = deployment.Json["metadata"]!["uid"]!.GetValue<string>();
        var replicaSet = await api.PostAsync("/apis/apps/v1/namespaces/default/replicasets",
            $$$"""{"metadata":{"name":"web-1","ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"web","uid":"{{{uid}}}"}]},"spec":{{{Workload}}}}""");
        Assert.Equal(HttpStatusCode.Created, replicaSet.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web")).Status);
        await Eventually.WaitForAsync("the replica set to be collected",
            async () => (await api.GetAsync("/apis/apps/v1/namespaces/default/replicasets/web-1")).Status, s => s == HttpStatusCode.NotFound, Within);
    }

    [PostgresFact]
    public async Task A_leader_whose_lock_connection_is_killed_stops_leading_and_leadership_is_taken_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        // One log for both servers, so its order is the order in which leadership changed hands.
        var logs = new CapturedLogs();
        await using var a = await TestServers.StartAsync(dirA.Path, database.Url, logs.AddTo, controllers: TestServers.QuickControllers);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url, logs.AddTo, controllers: TestServers.QuickControllers);
        await Eventually.WaitForAsync("a leader", () => Task.FromResult(a.Controllers.IsLeader || b.Controllers.IsLeader), leads => leads, Within);

        Assert.Equal(1, await KillLeaderSessionAsync(database));

        await Eventually.WaitForAsync("a second term of leadership",
            () => Task.FromResult(a.Controllers.Terms + b.Controllers.Terms), terms => terms >= 2, Within);
        var changes = logs.Entries.Select(e => e.Message)
            .Where(m => m.StartsWith("Became the controller leader", StringComparison.Ordinal) || m.StartsWith("Stopped leading", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(3, changes.Count);
        Assert.StartsWith("Became the controller leader", changes[0]);
        Assert.StartsWith("Stopped leading the controllers: the leader lock's connection failed", changes[1]);
        Assert.StartsWith("Became the controller leader", changes[2]); // only after the old leader had stopped
        Assert.False(a.Controllers.IsLeader && b.Controllers.IsLeader);
    }

    /// <summary>Ends the session that holds the leader lock, as a database restart or a network cut would.</summary>
    private static async Task<int> KillLeaderSessionAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            """
            SELECT count(*) FROM (
                SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
                WHERE a.datname = current_database() AND a.application_name = $1 AND l.locktype = 'advisory' AND l.granted) killed
            """,
            connection);
        kill.Parameters.Add(new() { Value = PostgresLeaderLock.ApplicationName });
        return Convert.ToInt32(await kill.ExecuteScalarAsync());
    }
}
