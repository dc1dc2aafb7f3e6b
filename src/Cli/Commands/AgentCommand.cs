using System.CommandLine;
using Berth.Agents;
using Berth.Agents.Runtime.Docker;
using Berth.Api.Observability;

namespace Berth.Cli.Commands;

/// <summary>
/// <c>berth agent</c>: this machine as a node of a workspace. It connects out to the server's
/// AgentHub with its node credential and runs the pods bound to it on Docker until Ctrl-C or
/// SIGTERM; its pods keep running when it stops.
/// </summary>
internal static class AgentCommand
{
    /// <summary>Read when <c>--token</c> is absent, so the credential need not sit on a command line.</summary>
    public const string TokenVariable = "BERTH_AGENT_TOKEN";

    public static Command Create()
    {
        var server = new Option<string>("--server") { Description = "The Berth server, e.g. https://10.0.0.5:8080", Required = true };
        var token = new Option<string?>("--token")
        {
            Description = $"The node credential (berth_node_…; POST /console/v1/workspaces/WS/nodes/NAME/credentials issues one) (default: ${TokenVariable})",
        };
        var nodeName = new Option<string>("--node-name")
        {
            Description = "This node's name; the credential must be for it",
            DefaultValueFactory = _ => EmbeddedAgent.DefaultNodeName(),
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
            Description = "Where the agent keeps its files: pods' volumes, and the Docker engine's log when it starts one",
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
                var credential = parse.GetValue(token) ?? Environment.GetEnvironmentVariable(TokenVariable)
                    ?? throw new FormatException($"a node credential is required: --token or ${TokenVariable}");
                var options = new AgentOptions
                {
                    Server = ServerUrl(parse.GetValue(server)!),
                    Credential = credential.Trim(),
                    NodeName = parse.GetValue(nodeName)!,
                    Address = parse.GetValue(address)!,
                    Labels = NodeLabels.Parse(parse.GetValue(labels)),
                    DataDirectory = parse.GetValue(dataDirectory)!,
                    CertificateAuthorityPem = parse.GetValue(caFile) is { } file ? await File.ReadAllTextAsync(file.FullName, ct) : null,
                };
                var docker = await DockerBootstrap.EnsureAsync(parse.GetValue(dataDirectory)!, line => output.WriteLine(line), ct);
                using var engine = docker.Engine ?? throw new FormatException($"this machine cannot be a node: {docker.WhyNot}");
                using var loggers = Microsoft.Extensions.Logging.LoggerFactory.Create(ServerLogging.Console(parse.GetValue(logFormat)));
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

    private static Uri ServerUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new FormatException($"--server: '{text}' is not an http:// or https:// URL");
}
