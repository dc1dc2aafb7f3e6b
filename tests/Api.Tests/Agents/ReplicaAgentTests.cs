using System.Net;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Api.Agents;
using Berth.Api.Replicas;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Berth.Web.Services;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Berth.Api.Tests.Agents;

/// <summary>
/// Two servers on one PostgreSQL with a real agent connected to B: what only B's connection to the
/// node can do (logs, usage, holding the node) works through A too.
/// </summary>
public sealed class ReplicaAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory directory = new("berth-replica-agent");
    private readonly DockerEngine engine = DockerEngine.FromEnvironment();
    private readonly string nodeName = $"node-{Guid.NewGuid():N}"[..16];
    private TestDatabase database = null!;
    private BerthServer a = null!;
    private BerthServer b = null!;
    private KubeApi apiA = null!;
    private string credential = "";
    private RunningAgent? agent;
    private readonly List<HubConnection> hubs = [];

    [PostgresDockerFact]
    public async Task Logs_of_a_node_on_the_other_replica_are_read_through_it_with_kubectl_tail_follow_and_errors()
    {
        Assert.True(Kubectl.IsInstalled, $"needs kubectl at {Kubectl.Path}");
        var kubectl = new Kubectl(a.KubeconfigPath, Path.Combine(directory.Path, "kube-cache"));
        Assert.Equal(201, (int)(await apiA.PostAsync("/api/v1/namespaces/default/configmaps",
            """{ "metadata": { "name": "trigger" }, "data": { "state": "wait" } }""")).Status);
        // Prints three lines, then a fourth only once the ConfigMap says go, then exits.
        await CreatePodAsync("talker", "echo one; echo two; echo three; until grep -q go /trigger/state; do sleep 0.1; done; echo four",
            mounts: """, "volumeMounts": [{ "name": "trigger", "mountPath": "/trigger" }]""",
            volumes: """, "volumes": [{ "name": "trigger", "configMap": { "name": "trigger" } }]""");
        await Eventually.WaitForAsync("talker printed three", async () => (await kubectl.RunAsync("logs", "talker")).Stdout, text => text.Contains("three"), Deadline);
        Assert.NotNull(b.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName)); // on B
        Assert.Null(a.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName)); // not on A

        var plain = await kubectl.RunAsync("logs", "talker");
        var tail = await kubectl.RunAsync("logs", "talker", "--tail", "1");
        var stamped = await apiA.GetAsync("/api/v1/namespaces/default/pods/talker/log?timestamps=true&sinceSeconds=600");
        var noPrevious = await apiA.GetAsync("/api/v1/namespaces/default/pods/talker/log?previous=true");
        var noContainer = await apiA.GetAsync("/api/v1/namespaces/default/pods/talker/log?container=nope");
        var noPod = await kubectl.RunAsync("logs", "nobody");

        Assert.True(0 == plain.ExitCode, plain.Stderr);
        Assert.Equal("one\ntwo\nthree\n", plain.Stdout);
        Assert.Equal("three\n", tail.Stdout);
        Assert.Equal(3, stamped.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(stamped.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z \w+$", line));
        // B's answer (the node's refusal) comes back through A as the same Status.
        Assert.Equal(400, (int)noPrevious.Status);
        Assert.Equal("previous terminated container \"main\" in pod \"talker\" not found", (string?)noPrevious.Json["message"]);
        Assert.Equal(400, (int)noContainer.Status);
        Assert.Contains("pods \"nobody\" not found", noPod.Stderr);

        // A follow through A streams what the container writes after it opened, and ends when it exits.
        using var follow = kubectl.Start("logs", "-f", "talker");
        await Eventually.WaitForAsync("the follow shows the first lines", () => Task.FromResult(follow.Output), text => text.Contains("three"), Deadline);
        Assert.DoesNotContain("four", follow.Output);
        Assert.Equal(200, (int)(await apiA.PatchAsync("/api/v1/namespaces/default/configmaps/trigger", """{ "data": { "state": "go" } }""")).Status);
        await Eventually.WaitForAsync("the follow ends with the container", () => Task.FromResult(follow.HasExited), exited => exited, Deadline);
        Assert.Equal("one\ntwo\nthree\nfour\n", follow.Output);
    }

    [PostgresDockerFact]
    public async Task A_follow_left_on_one_replica_stops_the_others_stream_and_a_node_nobody_holds_is_503()
    {
        await CreatePodAsync("ticker", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        await Eventually.WaitForAsync("ticker runs", async () => (await apiA.GetAsync("/api/v1/namespaces/default/pods/ticker/log")).Text,
            text => text.Contains("tick 1"), Deadline);
        var streams = b.Services.GetRequiredService<PodLogStreams>();
        Assert.Equal(0, streams.Reading);

        using (var follow = await apiA.WatchAsync("/api/v1/namespaces/default/pods/ticker/log?follow=true&tailLines=0"))
        {
            Assert.Equal(HttpStatusCode.OK, follow.Status);
            Assert.StartsWith("tick ", await follow.NextLineAsync());
            Assert.Equal(1, streams.Reading); // B reads it from the node
        }

        await Eventually.WaitForAsync("B's stream stops", () => Task.FromResult(streams.Reading), n => n == 0, Deadline);

        var unheld = await apiA.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "stranded" },
              "spec": { "nodeName": "nowhere", "containers": [{ "name": "main", "image": "{{TestDocker.Image}}" }] } }
            """);
        Assert.Equal(201, (int)unheld.Status);
        var stranded = await apiA.GetAsync("/api/v1/namespaces/default/pods/stranded/log");
        Assert.Equal(503, (int)stranded.Status);
        Assert.Equal("node nowhere is not connected to any server: its logs cannot be read now", (string?)stranded.Json["message"]);
    }

    [PostgresDockerFact]
    public async Task The_internal_log_endpoint_opens_only_with_the_cluster_secret()
    {
        await CreatePodAsync("quiet", "echo hush; exec sleep 300");
        var path = ReplicaEndpoints.LogPath("default", "default", "quiet");
        using var http = new HttpClient();
        using var asUser = new HttpRequestMessage(HttpMethod.Get, new Uri(b.Address, path));
        asUser.Headers.Authorization = new("Bearer", KubeApi.AdminToken(b));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(b.Address, path));
        wrong.Headers.Add(ReplicaDirectory.SecretHeader, "not-the-secret");
        var directoryA = a.Services.GetRequiredService<ReplicaDirectory>();
        var replicaB = await directoryA.FindAsync(b.Services.GetRequiredService<ReplicaDirectory>().ServerId, CancellationToken.None);
        Assert.NotNull(replicaB);
        Assert.Equal(b.TlsAddress, replicaB.Url);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(asUser)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
        var asReplica = await Eventually.WaitForAsync("B serves A the log over TLS",
            async () =>
            {
                using var request = directoryA.Request(replicaB, path);
                using var response = await directoryA.ClientFor(replicaB).SendAsync(request);
                return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
            },
            r => r.Text.Contains("hush"), Deadline);
        Assert.Equal(HttpStatusCode.OK, asReplica.StatusCode);
    }

    [PostgresDockerFact]
    public async Task A_second_agent_for_the_node_is_refused_on_the_other_replica_until_the_first_leaves_or_its_replica_dies()
    {
        await using var intruder = NodeHubs.Build(a.Address, credential);
        await intruder.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => RegisterAsync(intruder));
        Assert.Contains("is connected already through another agent", refused.Message);
        Assert.Null(a.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName));

        // B's row goes stale, as when it dies (B itself still refreshes it every few seconds, hence the retries): A takes the node.
        var serverB = b.Services.GetRequiredService<ReplicaDirectory>().ServerId;
        await Eventually.WaitForAsync("A takes the node of a dead replica", async () =>
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var age = new NpgsqlCommand("UPDATE server_replicas SET last_seen = now() - interval '1 hour' WHERE server_id = @b", connection);
            age.Parameters.AddWithValue("b", serverB);
            await age.ExecuteNonQueryAsync();
            return await TryRegisterAsync();
        }, registered => registered, Deadline);
        Assert.NotNull(a.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName));
    }

    [PostgresDockerFact]
    public async Task An_agent_that_left_one_replica_may_register_on_the_other_at_once()
    {
        await agent!.DisposeAsync();
        agent = null;
        // B releases the node when its agent leaves: within far less than its hold (40 s) or B's liveness (15 s).
        await Eventually.WaitForAsync("A takes the node", TryRegisterAsync, registered => registered, TimeSpan.FromSeconds(10));
        Assert.NotNull(a.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName));
    }

    /// <summary>Registers the node on A through a new connection (kept open until the test ends); false if A refuses it.</summary>
    private async Task<bool> TryRegisterAsync()
    {
        var hub = NodeHubs.Build(a.Address, credential);
        hubs.Add(hub);
        await hub.StartAsync();
        try
        {
            await RegisterAsync(hub);
            return true;
        }
        catch (HubException)
        {
            return false;
        }
    }

    [PostgresDockerFact]
    public async Task Usage_of_a_node_on_the_other_replica_is_served_by_both()
    {
        await CreatePodAsync("spin", "while :; do :; done");
        var nodeMetrics = await Eventually.WaitForAsync("A serves the node's metrics", () => apiA.GetAsync($"/apis/metrics.k8s.io/v1beta1/nodes/{nodeName}"),
            r => r.Status == HttpStatusCode.OK, Deadline);
        var podMetrics = await Eventually.WaitForAsync("A serves the pod's metrics", () => apiA.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/spin"),
            r => r.Status == HttpStatusCode.OK, Deadline);
        Assert.Equal("NodeMetrics", (string?)nodeMetrics.Json["kind"]);
        Assert.Equal("PodMetrics", (string?)podMetrics.Json["kind"]);
        Assert.Equal("main", (string?)podMetrics.Json["containers"]![0]!["name"]);

        await using var scope = a.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<IDashboardNodes>();
        Assert.True(dashboard.UsageOf("default")[nodeName].MemoryWorkingSetBytes > 0);
        Assert.Contains(dashboard.HistoryOf("default"), point => point.Nodes == 1);
    }

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        a = await TestServers.StartAsync(Path.Combine(directory.Path, "a"), database.Url);
        b = await TestServers.StartAsync(Path.Combine(directory.Path, "b"), database.Url);
        apiA = KubeApi.Admin(a);
        credential = (await a.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("default", nodeName)).Secret;
        agent = StartAgent(b);
        await Eventually.WaitForAsync("the agent registers on B", () => Task.FromResult(b.Services.GetRequiredService<NodeSessions>().ConnectionOf("default", nodeName)),
            c => c is not null, Deadline);
    }

    public async Task DisposeAsync()
    {
        if (agent is not null)
        {
            await agent.DisposeAsync();
        }

        foreach (var hub in hubs)
        {
            await hub.DisposeAsync();
        }

        apiA.Dispose();
        await a.DisposeAsync();
        await b.DisposeAsync();
        await TestDocker.RemoveAndDisposeAsync(engine, $"{ContainerLabels.Node}={nodeName}");
        await database.DisposeAsync();
        directory.Dispose();
    }

    private Task RegisterAsync(HubConnection hub) => NodeHubs.RegisterAsync(hub, nodeName);

    private async Task CreatePodAsync(string name, string script, string mounts = "", string volumes = "")
    {
        var created = await apiA.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{name}}" },
              "spec": { "nodeName": "{{nodeName}}", "restartPolicy": "Never", "terminationGracePeriodSeconds": 1{{volumes}},
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never", "command": ["sh", "-c", "{{script}}"]{{mounts}} }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());
    }

    private RunningAgent StartAgent(BerthServer server) =>
        RunningAgent.Start(server.Address, credential, nodeName, Path.Combine(directory.Path, "agent"), engine);
}
