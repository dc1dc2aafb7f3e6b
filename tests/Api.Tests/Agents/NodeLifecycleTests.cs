using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Agents;
using Berth.Api.Tests.Support;
using Berth.Engine.Controllers.NodeLifecycle;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Agents;

/// <summary>
/// Heartbeats and the node lifecycle controller, through the AgentHub as an agent speaks to it: a
/// silent node goes Unknown and unreachable within the grace period and comes back when it beats,
/// beats write no revisions, and a node has one agent at a time.
/// </summary>
public sealed class NodeLifecycleTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TempDirectory directory = new("berth-node-lifecycle");
    private readonly string nodeName = $"node-{Guid.NewGuid():N}"[..16];
    private BerthServer server = null!;
    private KubeApi api = null!;

    [Fact]
    public async Task A_silent_node_goes_unknown_and_unreachable_within_the_grace_period_and_ready_when_it_beats_again()
    {
        await using (var agent = await ConnectAsync())
        {
            await ReportReadyPodAsync(agent);
            using var beating = new CancellationTokenSource();
            var beats = BeatAsync(agent, beating.Token);
            await Task.Delay(Grace * 2); // longer than the grace: a beating node stays Ready
            Assert.Equal(("True", false), (Ready(await NodeAsync())?["status"]?.GetValue<string>(), Tainted(await NodeAsync())));
            await beating.CancelAsync();
            await beats;
        }

        var silent = await Eventually.WaitForAsync("the silent node is Unknown and unreachable", NodeAsync,
            node => (string?)Ready(node)?["status"] == "Unknown" && Tainted(node), Grace + Deadline);
        Assert.Equal("NodeStatusUnknown", (string?)Ready(silent)!["reason"]);
        Assert.Equal(["NoExecute", "NoSchedule"], silent["spec"]!["taints"]!.AsArray().Select(t => (string)t!["effect"]!).Order());
        await Eventually.WaitForAsync("its pod is not Ready", () => api.GetAsync("/api/v1/namespaces/default/pods/on-node"),
            pod => PodReady(pod.Json) == "False", Deadline);

        await using var back = await ConnectAsync();
        using var again = new CancellationTokenSource();
        var beatsAgain = BeatAsync(back, again.Token);
        var ready = await Eventually.WaitForAsync("the node is Ready again, untainted", NodeAsync,
            node => (string?)Ready(node)?["status"] == "True" && !Tainted(node), Deadline);
        Assert.Equal("KubeletReady", (string?)Ready(ready)!["reason"]);
        await again.CancelAsync();
        await beatsAgain;
    }

    [Fact]
    public async Task Heartbeats_write_no_revisions_while_nothing_changes()
    {
        await using var agent = await ConnectAsync();
        var before = (string)(await NodeAsync())["metadata"]!["resourceVersion"]!;
        using var beating = new CancellationTokenSource();
        var beats = BeatAsync(agent, beating.Token);
        await Task.Delay(Grace * 3); // a few dozen beats, and the lifecycle controller looking at the node each grace period
        await beating.CancelAsync();
        var sent = await beats;

        Assert.True(sent >= 10, $"{sent} beats");
        Assert.True(await server.Services.GetRequiredService<NodeHeartbeats>().LastSeenAsync("default", nodeName) > DateTimeOffset.UtcNow - Grace);
        Assert.Equal(before, (string)(await NodeAsync())["metadata"]!["resourceVersion"]!);
    }

    [Fact]
    public async Task A_second_agent_for_a_connected_node_is_refused_until_the_first_has_gone()
    {
        await using var first = await ConnectAsync();
        await using var second = Hub(await CredentialAsync());
        await second.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => RegisterAsync(second));
        Assert.Contains("connected already", refused.Message);

        await first.DisposeAsync();
        await Eventually.WaitForAsync("the second agent registers", async () =>
        {
            try
            {
                return (await RegisterAsync(second)).NodeName;
            }
            catch (HubException)
            {
                return null;
            }
        }, name => name == nodeName, Deadline);
    }

    public async Task InitializeAsync()
    {
        server = await TestServers.StartAsync(directory.Path, controllers: TestServers.QuickControllers with { NodeMonitorGracePeriod = Grace });
        api = KubeApi.Admin(server);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
        directory.Dispose();
    }

    private async Task<HubConnection> ConnectAsync()
    {
        var hub = Hub(await CredentialAsync());
        await hub.StartAsync();
        await RegisterAsync(hub);
        return hub;
    }

    private Task<DesiredState> RegisterAsync(HubConnection hub) =>
        hub.InvokeAsync<DesiredState>(AgentHubMethods.Register, new NodeRegistration(nodeName, "127.0.0.2",
            new Dictionary<string, string> { ["cpu"] = "1" }, new NodeSystemInfo("linux", "amd64", "6", "test", "docker://0", "berth/0"),
            new Dictionary<string, string>(), []));

    /// <summary>Beats every 100 ms until cancelled; how many it sent.</summary>
    private static async Task<int> BeatAsync(HubConnection hub, CancellationToken ct)
    {
        var sent = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await hub.InvokeAsync(AgentHubMethods.Heartbeat, ct);
                sent++;
            }
        }
        catch (OperationCanceledException)
        {
            // done beating
        }

        return sent;
    }

    private async Task ReportReadyPodAsync(HubConnection hub)
    {
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "on-node" },
              "spec": { "nodeName": "{{nodeName}}", "containers": [{ "name": "c", "image": "busybox" }] } }
            """);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = "2026-01-01T00:00:00Z" }),
        };
        await hub.InvokeAsync(AgentHubMethods.ReportPodStatuses, new[] { new PodStatusReport(new PodRef("default", "on-node", (string)created.Json["metadata"]!["uid"]!), status) });
        await Eventually.WaitForAsync("the pod is Ready", () => api.GetAsync("/api/v1/namespaces/default/pods/on-node"), pod => PodReady(pod.Json) == "True", Deadline);
    }

    private async Task<JsonObject> NodeAsync() => (await api.GetAsync($"/api/v1/nodes/{nodeName}")).Json;

    private HubConnection Hub(string credential) => NodeHubs.Build(server.Address, credential);

    private async Task<string> CredentialAsync() =>
        (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("default", nodeName)).Secret;

    private static JsonObject? Ready(JsonObject node) =>
        node["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready") as JsonObject;

    private static bool Tainted(JsonObject node) =>
        node["spec"]?["taints"] is JsonArray taints && taints.Any(t => (string?)t!["key"] == NodeLifecycleController.UnreachableTaint);

    private static string? PodReady(JsonObject pod) =>
        (string?)pod["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c!["type"] == "Ready")?["status"];
}
