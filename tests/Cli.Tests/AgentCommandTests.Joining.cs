using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Berth.Agents.Tests.Support;
using Berth.Cli.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

/// <summary><c>berth agent --token JOIN_TOKEN</c>: joining over TLS with the CA hash checked, then starting on the data directory alone.</summary>
public sealed partial class AgentCommandTests
{
    [DockerFact]
    public async Task An_agent_joins_over_TLS_with_the_node_token_restarts_on_its_data_dir_alone_and_refuses_a_wrong_CA_or_a_revoked_token()
    {
        using var dir = new TempDirectory();
        var node = $"j-{Guid.NewGuid():N}"[..12];
        await using var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--disable-agent");
        var nodeToken = Path.Combine(dir.Path, "node-token");
        await Eventually.WaitForAsync("the node-token file", () => Task.FromResult(File.Exists(nodeToken)), exists => exists, Deadline);
        var token = JoinToken.TryParse(await File.ReadAllTextAsync(nodeToken))!;
        var https = new UriBuilder(server.Address) { Scheme = Uri.UriSchemeHttps }.Uri.ToString();
        var kubeconfig = Path.Combine(dir.Path, "kubeconfig.yaml");
        var kubectl = new Kubectl(kubeconfig, Path.Combine(dir.Path, "kube-cache"));

        // A token whose CA hash is not this server's: the agent stops before it sends the secret.
        var impostor = new JoinToken(new string(token.CaHash!.Reverse().ToArray()), token.Secret).ToString();
        var refused = await BerthCli.RunAsync("agent", "--server", https, "--token", impostor, "--node-name", node, "--data-dir", Path.Combine(dir.Path, "wrong-ca"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("does not match the join token's", refused.Stderr);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain(JoinRoutes.Join, server.Stdout);
        Assert.False(File.Exists(Path.Combine(dir.Path, "wrong-ca", "node-credential")));

        // A join token revoked through the console joins nobody.
        using var console = new HttpClient { BaseAddress = server.Address };
        console.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenLine().Match(await File.ReadAllTextAsync(kubeconfig)).Groups["token"].Value);
        var created = await (await console.PostAsJsonAsync("/console/v1/workspaces/default/join-tokens", new { description = "to revoke" })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.NoContent, (await console.DeleteAsync($"/console/v1/workspaces/default/join-tokens/{created!["id"]}")).StatusCode);
        var revoked = await BerthCli.RunAsync("agent", "--server", https, "--token", (string)created["token"]!, "--node-name", node, "--data-dir", Path.Combine(dir.Path, "revoked"));
        Assert.NotEqual(0, revoked.ExitCode);
        Assert.Contains("refused the join token", revoked.Stderr);

        var agentData = Path.Combine(dir.Path, "agent");
        await using (var agent = await BerthCli.StartAgentAsync("--server", https, "--token", token.ToString(), "--node-name", node, "--address", "127.0.0.2", "--data-dir", agentData))
        {
            await Eventually.WaitForAsync("the joined node is Ready", () => NodeReadyAsync(kubectl, node), ready => ready == "True", Deadline);
            Assert.Contains($"Node {node} joined", agent.Stdout);
            Assert.StartsWith("berth_node_", await File.ReadAllTextAsync(Path.Combine(agentData, "node-credential")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(agentData, "node-credential")));
            }

            Assert.Equal(0, await agent.StopAsync());
        }

        // No token now: the credential in the data directory (and the CA verified at the join) is all it needs.
        await using (var again = await BerthCli.StartAgentAsync("--server", https, "--node-name", node, "--address", "127.0.0.2", "--data-dir", agentData))
        {
            await Eventually.WaitForAsync("the agent registers on its kept credential", () => Task.FromResult(again.Stdout),
                output => output.Contains($"node {node} registered"), Deadline);
            Assert.DoesNotContain("joined", again.Stdout);
        }

        // Another machine with the same join token cannot take over the joined node.
        var secondStart = await BerthCli.RunAsync("agent", "--server", https, "--token", token.ToString(), "--node-name", node, "--data-dir", Path.Combine(dir.Path, "again"));
        Assert.Contains($"node {node} has joined workspace default already", secondStart.Stderr);
    }

    private static async Task<string> NodeReadyAsync(Kubectl kubectl, string node) =>
        (await kubectl.RunAsync("get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")).Stdout.Trim();
}
