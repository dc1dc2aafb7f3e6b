using System.CommandLine;
using Berth.Api;
using Berth.Api.Observability;
using Berth.Engine.Controllers.Runtime;

namespace Berth.Cli.Commands;

/// <summary><c>berth server</c>: migrate the datastore, open the store, serve HTTP until stopped.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var datastore = new DatastoreOptions();
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to serve HTTP on (port 0 picks a free port)",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "How log lines are written",
            DefaultValueFactory = _ => LogFormat.Text,
        };

        var historyRetention = new DurationOption(
            "--history-retention",
            "How long superseded object revisions stay readable before compaction removes them (e.g. 30m, 24h, 7d; 0 keeps them for ever)",
            new ControllerOptions().HistoryRetention);

        var command = new Command("server", "Run the Berth server: migrate the datastore, then serve HTTP until Ctrl-C or SIGTERM");
        datastore.AddTo(command);
        command.Options.Add(listen);
        command.Options.Add(logFormat);
        historyRetention.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            return UserErrors.ReportAsync(parse.InvocationConfiguration.Error, async () =>
            {
                var options = new ServerOptions
                {
                    DataDirectory = datastore.DataDirectory(parse),
                    Datastore = datastore.Datastore(parse),
                    Listen = parse.GetValue(listen)!,
                    Logging = ServerLogging.Console(parse.GetValue(logFormat)),
                    Controllers = new ControllerOptions { HistoryRetention = historyRetention.Value(parse) },
                };
                await using var server = await BerthServer.StartAsync(options, ct);
                await output.WriteLineAsync($"Berth is listening on {server.Address.GetLeftPart(UriPartial.Authority)} (datastore {server.Datastore.Display})");
                await output.WriteLineAsync($"Admin kubeconfig for workspace default: {server.KubeconfigPath} (KUBECONFIG={server.KubeconfigPath} kubectl get ns)");
                await server.WaitForShutdownAsync(ct);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }
}
