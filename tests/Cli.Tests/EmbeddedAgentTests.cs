using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;
using Berth.Agents.Tests.Support;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary>The README's run command alone gives a one-node cluster: <c>./berth server</c> runs this machine's node.</summary>
public sealed class EmbeddedAgentTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [DockerFact]
    public async Task The_server_runs_this_machines_node_and_kubectl_runs_a_pod_on_it()
    {
        using var dir = new TempDirectory();
        var node = $"cli-{Guid.NewGuid():N}"[..12];
        await using var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--node-name", node);
        var kubectl = new Kubectl(Path.Combine(dir.Path, "kubeconfig.yaml"), Path.Combine(dir.Path, "kube-cache"));
        await Eventually.WaitForAsync("the server says its node runs", () => Task.FromResult(server.Stdout),
            output => output.Contains($"Node {node} runs on this machine"), Deadline);

        await Eventually.WaitForAsync("kubectl sees the node Ready",
            () => kubectl.RunAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"),
            result => result.Stdout.Trim() == "True", Deadline);
        var run = await kubectl.RunAsync("run", "hello", $"--image={TestDocker.Image}", "--image-pull-policy=Never",
            $"--overrides={{\"apiVersion\":\"v1\",\"spec\":{{\"nodeName\":\"{node}\"}}}}", "--env=WHO=berth",
            "--", "sh", "-c", "echo hello $WHO; exec sleep 300");
        Assert.True(run.ExitCode == 0, run.ToString());
        await Eventually.WaitForAsync("the pod runs",
            () => kubectl.RunAsync("get", "pod", "hello", "-o", "jsonpath={.status.phase}"), result => result.Stdout.Trim() == "Running", Deadline);

        var logs = await Eventually.WaitForAsync("kubectl logs shows the env",
            () => kubectl.RunAsync("logs", "hello"), result => result.Stdout.Contains("hello berth"), Deadline);
        Assert.Equal(0, logs.ExitCode);

        using var engine = DockerEngine.FromEnvironment();
        var containers = await engine.ListContainersAsync([$"{ContainerLabels.PodName}=hello", $"{ContainerLabels.PodNamespace}=default", $"{ContainerLabels.ContainerName}=hello"]);
        var container = Assert.Single(containers, c => c.Labels![ContainerLabels.Node].StartsWith(node + "-", StringComparison.Ordinal));
        Assert.Equal("running", container.State);

        // A log being followed must not hold up the pod's termination (it did, while the node's
        // log upload blocked its other calls to the server).
        using var follow = kubectl.Start("logs", "-f", "hello");
        await Eventually.WaitForAsync("kubectl logs -f shows the log", () => Task.FromResult(follow.Output),
            output => output.Contains("hello berth"), Deadline);
        var delete = await kubectl.RunAsync("delete", "pod", "hello", "--grace-period=1", "--timeout=30s");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Null(await engine.InspectContainerAsync(container.Id));
        Assert.Equal(0, await server.StopAsync());
    }

    [DockerFact]
    public async Task Off_loopback_the_embedded_agent_connects_over_TLS()
    {
        using var dir = new TempDirectory();
        var node = $"tls-{Guid.NewGuid():N}"[..12];
        await using var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "0.0.0.0:0", "--node-name", node);
        var kubectl = new Kubectl(Path.Combine(dir.Path, "kubeconfig.yaml"), Path.Combine(dir.Path, "kube-cache"));

        // Plain HTTP to the hub is refused off loopback, so Ready means the agent came over TLS.
        await Eventually.WaitForAsync("kubectl sees the node Ready",
            () => kubectl.RunAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"),
            result => result.Stdout.Trim() == "True", Deadline);
        Assert.Contains($"Dashboard: https://127.0.0.1:{server.Address.Port}/", server.Stdout);
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task With_disable_agent_the_server_runs_no_node()
    {
        using var dir = new TempDirectory();
        await using var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--disable-agent");

        Assert.Equal(0, await server.StopAsync());
        Assert.DoesNotContain("Node ", server.Stdout);
        Assert.DoesNotContain("No node", server.Stdout);
        Assert.False(File.Exists(Path.Combine(dir.Path, "agent", "node-credential")));
    }
}
