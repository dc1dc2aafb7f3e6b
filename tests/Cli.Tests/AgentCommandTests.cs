using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary><c>berth agent</c> as its own process: a second node on a loopback alias, joined with a node credential.</summary>
public sealed partial class AgentCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [DockerFact]
    public async Task An_agent_process_joins_runs_pods_keeps_them_across_its_restart_and_is_cut_off_when_revoked()
    {
        using var dir = new TempDirectory();
        var node = $"n2-{Guid.NewGuid():N}"[..12];
        await using var admin = await StartServerAsync(dir);
        var (server, kubectl, console) = admin;
        using var engine = DockerEngine.FromEnvironment();
        try
        {
            var credential = await IssueCredentialAsync(console, node);

            var agentArguments = new[] { "--server", server.Address.ToString(), "--token", credential, "--node-name", node, "--address", "127.0.0.2", "--data-dir", Path.Combine(dir.Path, "agent") };
            string containerId;
            await using (var agent = await BerthCli.StartAgentAsync(agentArguments))
            {
                await Eventually.WaitForAsync("the node is Ready",
                    () => kubectl.RunAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"),
                    result => result.Stdout.Trim() == "True", Deadline);
                var run = await kubectl.RunAsync("run", "web", $"--image={TestDocker.Image}", "--image-pull-policy=Never", "--port=8080",
                    $"--overrides={{\"apiVersion\":\"v1\",\"spec\":{{\"nodeName\":\"{node}\"}}}}", "--", "sleep", "300");
                Assert.True(run.ExitCode == 0, run.ToString());
                await Eventually.WaitForAsync("the pod runs on the node",
                    () => kubectl.RunAsync("get", "pod", "web", "-o", "jsonpath={.status.phase} {.status.hostIP}"),
                    result => result.Stdout.Trim() == "Running 127.0.0.2", Deadline);
                containerId = Assert.Single(await engine.ListContainersAsync([$"{ContainerLabels.Node}={node}", $"{ContainerLabels.ContainerName}=web"])).Id;

                Assert.Equal(0, await agent.StopAsync());
            }

            Assert.True((await engine.InspectContainerAsync(containerId))!.State.Running, "pods outlive their agent");

            await using (var again = await BerthCli.StartAgentAsync(agentArguments))
            {
                await Eventually.WaitForAsync("the restarted agent registers", () => Task.FromResult(again.Stdout),
                    output => output.Contains($"node {node} registered"), Deadline);
                Assert.Equal(containerId, Assert.Single(await engine.ListContainersAsync([$"{ContainerLabels.Node}={node}", $"{ContainerLabels.ContainerName}=web"])).Id);
                Assert.Single(await engine.ListContainersAsync([$"{ContainerLabels.Node}={node}", $"{ContainerLabels.ContainerName}={ContainerLabels.Infra}"]));

                var revoked = await console.DeleteAsync($"/console/v1/workspaces/default/nodes/{node}/credentials");
                Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
                await Eventually.WaitForAsync("the agent is refused", () => Task.FromResult(again.Stdout),
                    output => output.Contains("401"), Deadline);
            }
        }
        finally
        {
            await RemoveContainersAsync(engine, node);
        }
    }

    /// <summary>A server without a node of its own, the kubectl of its admin, and the console API as its admin.</summary>
    private sealed record AdminServer(RunningServer Server, Kubectl Kubectl, HttpClient Console) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Console.Dispose();
            await Server.DisposeAsync();
        }
    }

    private static async Task<AdminServer> StartServerAsync(TempDirectory dir)
    {
        var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--disable-agent");
        var kubeconfig = Path.Combine(dir.Path, "kubeconfig.yaml");
        await Eventually.WaitForAsync("the kubeconfig", () => Task.FromResult(File.Exists(kubeconfig)), exists => exists, Deadline);
        var console = new HttpClient { BaseAddress = server.Address };
        console.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenLine().Match(await File.ReadAllTextAsync(kubeconfig)).Groups["token"].Value);
        return new AdminServer(server, new Kubectl(kubeconfig, Path.Combine(dir.Path, "kube-cache")), console);
    }

    /// <summary>A node credential (<c>berth_node_…</c>) issued through the console API.</summary>
    private static async Task<string> IssueCredentialAsync(HttpClient console, string node)
    {
        var issued = await console.PostAsync($"/console/v1/workspaces/default/nodes/{node}/credentials", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var credential = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["credential"]!;
        Assert.StartsWith("berth_node_", credential);
        return credential;
    }

    private static async Task RemoveContainersAsync(DockerEngine engine, string node)
    {
        foreach (var container in await engine.ListContainersAsync([$"{ContainerLabels.Node}={node}"]))
        {
            await engine.RemoveContainerAsync(container.Id);
        }
    }

    [GeneratedRegex(@"token: (?<token>\S+)")]
    private static partial Regex TokenLine();
}
