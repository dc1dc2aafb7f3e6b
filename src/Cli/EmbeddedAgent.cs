using System.Security.Cryptography;
using System.Text;
using Berth.Agents;
using Berth.Agents.Runtime.Docker;
using Berth.Api;

namespace Berth.Cli;

/// <summary>
/// The node <c>berth server</c> runs for its own machine, as k3s does, so the one run command gives
/// a working one-node cluster: a <see cref="NodeAgent"/> in the same process, joined to workspace
/// <c>default</c> with a credential the server keeps in its data directory, connecting to the
/// server over loopback. Without a Docker engine (and no way to start one) it says why, in one
/// line, and the server runs without a node.
/// </summary>
internal sealed class EmbeddedAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly DockerEngine engine;
    private readonly Task run;

    private EmbeddedAgent(NodeAgent agent, DockerEngine engine, CancellationToken serverStopping)
    {
        this.engine = engine;
        // The agent lets go of its hub connection as soon as the server begins to stop, so the
        // server's shutdown never waits on the connection of its own node.
        stop = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        run = agent.RunAsync(stop.Token);
    }

    public static async Task<EmbeddedAgent?> StartAsync(BerthServer server, string dataDirectory, string nodeName, TextWriter output, CancellationToken ct)
    {
        var docker = await DockerBootstrap.EnsureAsync(dataDirectory, line => output.WriteLine(line), ct);
        if (docker.Engine is not { } engine)
        {
            await output.WriteLineAsync($"No node on this machine: {docker.WhyNot}. The server runs without one (--disable-agent skips this check).");
            return null;
        }

        var version = await engine.VersionAsync(ct);
        var credential = await server.EmbeddedNodeCredentialAsync(nodeName, ct);
        var agent = new NodeAgent(new AgentOptions
        {
            // Loopback: the agent is in the server's own process. Plain HTTP where the server serves it,
            // else TLS trusting the server's CA (or, for a public certificate, exactly that certificate).
            Server = server.ServesPlainHttp ? new UriBuilder(server.TlsAddress) { Scheme = Uri.UriSchemeHttp }.Uri : server.TlsAddress,
            CertificateAuthorityPem = server.ServesPlainHttp ? null : server.TrustedCertificatePem,
            Credential = credential,
            NodeName = nodeName,
            Address = "127.0.0.1",
            DataDirectory = Path.Combine(dataDirectory, "agent"),
            // Two servers on one machine (two data directories or datastores) must not take each other's containers for their own.
            RuntimeScope = $"{nodeName}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory) + "\n" + server.Datastore.Display)))[..8]}",
        }, engine, server.Logging, TimeProvider.System);
        await output.WriteLineAsync($"Node {nodeName} runs on this machine (embedded agent, Docker {version.Version}; --disable-agent turns it off)");
        return new EmbeddedAgent(agent, engine, server.Stopping);
    }

    /// <summary>How long a stopping server waits for its agent to let go; its pods keep running either way.</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(5);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run.WaitAsync(StopWait).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
        engine.Dispose();
    }
}
