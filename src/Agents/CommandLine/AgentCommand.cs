using System.CommandLine;
using Berth.Agents.Joining;
using Berth.Agents.Runtime.Docker;
using Berth.Engine.Nodes;
using Berth.Engine.Observability;

namespace Berth.Agents.CommandLine;

/// <summary>
/// <c>berth agent</c>: this machine as a node of a workspace. It connects out to the server's
/// AgentHub with its node credential and runs the pods bound to it on Docker until Ctrl-C or
/// SIGTERM; its pods keep running when it stops.
/// </summary>
public static class AgentCommand
{
    /// <summary>Read when <c>--token</c> is absent, so the credential need not sit on a command line.</summary>
    public const string TokenVariable = "BERTH_AGENT_TOKEN";

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The Berth server, e.g. https://10.0.0.5:8080", Required = true };
        var token = new Option<string?>("--token")
        {
            Description = "A join token (berth_join_…: the server's DATA_DIR/node-token, or POST /console/v1/workspaces/WS/join-tokens), needed only until "
                + $"the node has joined; or a node credential (berth_node_…) (default: ${TokenVariable})",
        };
        var nodeName = new Option<string>("--node-name")
        {
            Description = "This node's name; a node credential must be for it",
            DefaultValueFactory = _ => MachineNodeName.Default(),
        };
        var address = new Option<string>("--address")
        {
            Description = "This node's address: pods' ports are published on it (a loopback alias such as 127.0.0.2 makes a separate node on one machine)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var labels = new Option<string?>("--labels") { Description = "Node labels, k=v,k2=v2" };
        var caFile = new Option<FileInfo?>("--ca-file") { Description = "The server's CA certificate (PEM) to trust for https (DATA_DIR/tls/ca.crt on the server)" };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where the agent keeps its files: its node credential once joined, pods' volumes, and the Docker engine's log when it starts one",
            DefaultValueFactory = _ => "./agent-data",
        };
        var logFormat = new Option<LogFormat>("--log-format") { Description = "How log lines are written", DefaultValueFactory = _ => LogFormat.Text };

        var command = new Command("agent", "Run this machine as a node: connect to the server and run the pods bound to it on Docker, until Ctrl-C or SIGTERM");
        foreach (var option in new Option[] { server, token, nodeName, address, labels, caFile, dataDirectory, logFormat })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return UserErrors.ReportAsync(parse.InvocationConfiguration.Error, async () =>
            {
                var dataDir = parse.GetValue(dataDirectory)!;
                var serverUrl = ServerUrl(parse.GetValue(server)!);
                var givenAuthority = parse.GetValue(caFile) is { } file ? await File.ReadAllTextAsync(file.FullName, ct) : null;
                var (credential, authority) = await CredentialAsync(parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable),
                    serverUrl, parse.GetValue(nodeName)!, dataDir, givenAuthority, output, ct);
                var options = new AgentOptions
                {
                    Server = serverUrl,
                    Credential = credential,
                    NodeName = parse.GetValue(nodeName)!,
                    Address = parse.GetValue(address)!,
                    Labels = NodeLabels.Parse(parse.GetValue(labels)),
                    DataDirectory = dataDir,
                    CertificateAuthorityPem = authority,
                };
                var docker = await DockerBootstrap.EnsureAsync(dataDir, line => output.WriteLine(line), ct);
                using var engine = docker.Engine ?? throw new FormatException($"this machine cannot be a node: {docker.WhyNot}");
                using var loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(ConsoleLogging.Console(parse.GetValue(logFormat)));
                await output.WriteLineAsync($"Node {options.NodeName} ({options.Address}) is joining {options.Server}");
                try
                {
                    await new NodeAgent(options, engine, loggers, TimeProvider.System).RunAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl-C or SIGTERM: the pods keep running; a restarted agent adopts them.
                }

                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary>
    /// What the agent connects with: a node credential given outright; else the one a join left in
    /// the data directory; else a join with the join token, whose credential is kept for next time.
    /// </summary>
    private static async Task<(string Credential, string? Authority)> CredentialAsync(string? given, Uri server, string nodeName, string dataDirectory,
        string? givenAuthority, TextWriter output, CancellationToken ct)
    {
        var text = given?.Trim();
        if (text is not null && text.StartsWith(NodeCredentialSecret.Prefix, StringComparison.Ordinal))
        {
            return (text, givenAuthority);
        }

        if (await NodeCredentialFiles.ReadAsync(dataDirectory, ct) is { } kept)
        {
            return (kept.Credential, givenAuthority ?? kept.CertificateAuthorityPem);
        }

        var join = text is null
            ? throw new FormatException($"this node has not joined yet: a join token is required (--token or ${TokenVariable})")
            : JoinToken.TryParse(text) ?? throw new FormatException("--token: neither a join token (berth_join_…) nor a node credential (berth_node_…)");
        var joined = await ServerJoin.JoinAsync(server, join, nodeName, givenAuthority, ct);
        await NodeCredentialFiles.WriteAsync(dataDirectory, joined, ct);
        await output.WriteLineAsync($"Node {nodeName} joined {server}; its credential is kept in {NodeCredentialFiles.CredentialPath(dataDirectory)}");
        return (joined.Credential, joined.CertificateAuthorityPem);
    }

    private static Uri ServerUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new FormatException($"--server: '{text}' is not an http:// or https:// URL");
}
