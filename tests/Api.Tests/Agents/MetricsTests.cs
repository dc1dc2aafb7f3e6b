using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Api.Agents;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Agents;

/// <summary>CPU and memory from agents to <c>metrics.k8s.io</c>: <c>kubectl top</c> on a real agent and engine, and what the hub accepts.</summary>
public sealed partial class MetricsTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TempDirectory directory = new("berth-metrics");
    private readonly DockerEngine engine = DockerEngine.FromEnvironment();
    private readonly string nodeName = $"node-{Guid.NewGuid():N}"[..16];
    private BerthServer server = null!;
    private KubeApi api = null!;

    [DockerFact]
    public async Task Kubectl_top_shows_a_busy_pods_cpu_and_memory_and_the_node()
    {
        Assert.True(Kubectl.IsInstalled, $"needs kubectl at {Kubectl.Path}");
        var kubectl = new Kubectl(server.KubeconfigPath, Path.Combine(directory.Path, "kube-cache"));
        var created = await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "spin", "labels": { "app": "spin" } },
              "spec": { "nodeName": "{{nodeName}}", "terminationGracePeriodSeconds": 1,
                        "containers": [{ "name": "main", "image": "{{TestDocker.Image}}", "imagePullPolicy": "Never",
                                         "command": ["sh", "-c", "x=$(seq 1 1000000); while :; do :; done"] }] } }
            """);
        Assert.True(201 == (int)created.Status, created.ToString());

        // No agent has reported anything yet: kubectl's own answer, not a crash or a 500.
        var early = await kubectl.RunAsync("top", "pods");
        var earlyNodes = await kubectl.RunAsync("top", "nodes");
        Assert.NotEqual(0, early.ExitCode);
        Assert.Contains("metrics not available yet", early.Stderr);
        Assert.Contains("metrics not available yet", earlyNodes.Stderr);
        Assert.Equal(404, (int)(await api.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/spin")).Status);

        await using var agent = StartAgent(await CredentialAsync());
        var top = await Eventually.WaitForAsync("kubectl top shows the busy pod", () => kubectl.RunAsync("top", "pods"),
            r => r.ExitCode == 0 && Row(r.Stdout, "spin") is { } row && MilliCores(row[1]) >= 50, Deadline);
        var row = Row(top.Stdout, "spin")!;
        Assert.True(MiB(row[2]) >= 1, top.Stdout);

        var selected = await kubectl.RunAsync("top", "pods", "-l", "app=spin", "--containers");
        var none = await kubectl.RunAsync("top", "pods", "-l", "app=other");
        var nodes = await Eventually.WaitForAsync("kubectl top nodes lists the node", () => kubectl.RunAsync("top", "nodes"),
            r => r.ExitCode == 0 && Row(r.Stdout, nodeName) is not null, Deadline);
        var metrics = await api.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/spin");
        var nodeMetrics = await api.GetAsync($"/apis/metrics.k8s.io/v1beta1/nodes/{nodeName}");

        Assert.True(0 == selected.ExitCode, selected.Stderr);
        Assert.Equal(["spin", "main"], Row(selected.Stdout, "spin")![..2]);
        Assert.Contains("No resources found in default namespace.", none.Stderr);
        Assert.True(MilliCores(Row(nodes.Stdout, nodeName)![1]) > 0, nodes.Stdout);
        Assert.Equal("PodMetrics", (string?)metrics.Json["kind"]);
        Assert.Equal("spin", (string?)metrics.Json["metadata"]!["labels"]!["app"]);
        Assert.Matches(@"^[\d.]+m?s$", (string?)metrics.Json["window"]);
        Assert.Matches(@"^\d+(n|m)?$", (string?)metrics.Json["containers"]![0]!["usage"]!["cpu"]);
        Assert.Matches(@"^\d+(Ki)?$", (string?)metrics.Json["containers"]![0]!["usage"]!["memory"]);
        Assert.Equal("NodeMetrics", (string?)nodeMetrics.Json["kind"]);
    }

    [Fact]
    public async Task A_node_cannot_report_metrics_for_a_pod_bound_to_another_node()
    {
        foreach (var (pod, boundTo) in new[] { ("mine", nodeName), ("theirs", "other-node") })
        {
            Assert.Equal(201, (int)(await api.PostAsync("/api/v1/namespaces/default/pods", $$"""
                { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "{{pod}}" },
                  "spec": { "nodeName": "{{boundTo}}", "containers": [{ "name": "c", "image": "busybox" }] } }
                """)).Status);
        }

        await using var hub = await RegisteredHubAsync(await CredentialAsync(), nodeName);
        var mine = await PodRefAsync(api, "mine");
        var theirs = await PodRefAsync(api, "theirs");

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync(AgentHubMethods.ReportMetrics, Report(mine, theirs)));
        Assert.Contains("not bound to node", refused.Message);
        Assert.Equal(404, (int)(await api.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/mine")).Status);

        await hub.InvokeAsync(AgentHubMethods.ReportMetrics, Report(mine, mine with { Name = "gone", Uid = "no-such-uid" }));
        var accepted = await api.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods");

        Assert.Equal(["mine"], accepted.Json["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!));
        Assert.Equal("25m", (string?)accepted.Json["items"]![0]!["containers"]![0]!["usage"]!["cpu"]);
        Assert.Equal("2048Ki", (string?)accepted.Json["items"]![0]!["containers"]![0]!["usage"]!["memory"]);
        Assert.Equal("10s", (string?)accepted.Json["items"]![0]!["window"]);
        Assert.Equal(404, (int)(await api.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/theirs")).Status);
        var node = await api.GetAsync($"/apis/metrics.k8s.io/v1beta1/nodes/{nodeName}");
        Assert.Equal("1500m", (string?)node.Json["usage"]!["cpu"]);
    }

    [Fact]
    public async Task Every_member_reads_metrics_and_other_workspaces_get_404()
    {
        var owner = await server.CreateUserAsync("olga");
        var viewer = await server.CreateUserAsync("vic");
        var stranger = await server.CreateUserAsync("sam");
        var team = await server.CreateWorkspaceAsync("team", owner);
        await server.AddMemberAsync(team, viewer, WorkspaceRole.Viewer);
        using var owners = new KubeApi(server.Address, await server.IssueTokenAsync(owner, "team"), "team");
        using var viewers = new KubeApi(server.Address, await server.IssueTokenAsync(viewer, "team"), "team");
        using var strangers = new KubeApi(server.Address, await server.IssueTokenAsync(stranger, null), "team");
        Assert.Equal(201, (int)(await owners.PostAsync("/api/v1/namespaces/default/pods", $$"""
            { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "p" }, "spec": { "nodeName": "n1", "containers": [{ "name": "c", "image": "busybox" }] } }
            """)).Status);
        var credential = (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("team", "n1")).Secret;
        await using var hub = await RegisteredHubAsync(credential, "n1");
        await hub.InvokeAsync(AgentHubMethods.ReportMetrics, Report(await PodRefAsync(owners, "p")));

        var groups = await viewers.GetAsync("/apis");
        var resources = await viewers.GetAsync("/apis/metrics.k8s.io/v1beta1");
        Assert.Contains("metrics.k8s.io", groups.Json["groups"]!.AsArray().Select(g => (string?)g!["name"]));
        Assert.Equal([("nodes", false, "NodeMetrics"), ("pods", true, "PodMetrics")],
            resources.Json["resources"]!.AsArray().Select(r => ((string)r!["name"]!, (bool)r["namespaced"]!, (string)r["kind"]!)));
        foreach (var path in new[] { "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/p", "/apis/metrics.k8s.io/v1beta1/pods", "/apis/metrics.k8s.io/v1beta1/nodes/n1" })
        {
            Assert.Equal(200, (int)(await viewers.GetAsync(path)).Status);
            Assert.Equal(404, (int)(await strangers.GetAsync(path)).Status);
        }

        Assert.Single((await viewers.GetAsync("/apis/metrics.k8s.io/v1beta1/pods")).Json["items"]!.AsArray());
        Assert.Empty((await api.GetAsync("/apis/metrics.k8s.io/v1beta1/pods")).Json["items"]!.AsArray()); // workspace default sees none of team's
        Assert.Equal(400, (int)(await viewers.GetAsync("/apis/metrics.k8s.io/v1beta1/pods?labelSelector=a%20in%20b")).Status);
    }

    public async Task InitializeAsync()
    {
        server = await TestServers.StartAsync(directory.Path);
        api = KubeApi.Admin(server);
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await server.DisposeAsync();
        await TestDocker.RemoveAndDisposeAsync(engine, $"{ContainerLabels.Node}={nodeName}");
        directory.Dispose();
    }

    private static MetricsReport Report(params PodRef[] pods) => new(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10), new ResourceUsage(1_500_000_000, 1 << 30),
        [.. pods.Select(p => new PodMetricsSample(p, [new ContainerMetrics("c", new ResourceUsage(25_000_000, 2048 * 1024))]))]);

    private static async Task<PodRef> PodRefAsync(KubeApi client, string name) =>
        new("default", name, (string)(await client.GetAsync($"/api/v1/namespaces/default/pods/{name}")).Json["metadata"]!["uid"]!);

    private Task<HubConnection> RegisteredHubAsync(string credential, string node) => NodeHubs.RegisteredAsync(server.Address, credential, node);

    private async Task<string> CredentialAsync() =>
        (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("default", nodeName)).Secret;

    private RunningAgent StartAgent(string credential) =>
        RunningAgent.Start(server.Address, credential, nodeName, Path.Combine(directory.Path, "agent"), engine);

    /// <summary>The columns of the row of <c>kubectl top</c>'s table whose first column is <paramref name="name"/>.</summary>
    private static string[]? Row(string table, string name) =>
        table.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(c => c.Length > 0 && c[0] == name);

    private static double MilliCores(string cpu) => cpu.EndsWith('m') ? double.Parse(cpu[..^1], CultureInfo.InvariantCulture) : double.Parse(cpu, CultureInfo.InvariantCulture) * 1000;

    private static double MiB(string memory) => MemoryValue().Match(memory) is { Success: true } m
        ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * (m.Groups[2].Value == "Gi" ? 1024 : 1)
        : throw new FormatException(memory);

    [GeneratedRegex(@"^(\d+)(Mi|Gi)$")]
    private static partial Regex MemoryValue();
}
