using System.CommandLine;
using Berth.Agents;
using Berth.Agents.CommandLine;
using Berth.Api;
using Berth.Api.Limits;
using Berth.Engine.Observability;
using Berth.Engine.Controllers.Runtime;

namespace Berth.Cli.Commands;

/// <summary><c>berth server</c>: migrate the datastore, open the store, serve HTTP until stopped.</summary>
internal static class ServerCommand
{
    /// <summary>Read when <c>--admin-password</c> is absent, so the password need not sit on a command line.</summary>
    public const string AdminPasswordVariable = "BERTH_ADMIN_PASSWORD";

    public static Command Create()
    {
        var datastore = new DatastoreOptions();
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to serve HTTP on (port 0 picks a free port)",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        // No DefaultValueFactory reading the environment: help prints defaults, and this is a password.
        var adminPassword = new Option<string?>("--admin-password")
        {
            Description = $"First password of the user admin, used only when it does not exist yet (default: ${AdminPasswordVariable}, else generated, printed once and written to DATA_DIR/admin-password)",
        };
        var disableSignUp = new Option<bool>("--disable-signup")
        {
            Description = "Refuse new accounts through the console API (POST /console/v1/users)",
        };
        var disableAgent = new Option<bool>("--disable-agent")
        {
            Description = "Run no node on this machine (by default the server runs an embedded agent, starting Docker as root when needed)",
        };
        var nodeName = new Option<string>("--node-name")
        {
            Description = "The name of this machine's node in workspace default",
            DefaultValueFactory = _ => MachineNodeName.Default(),
        };
        var logFormat = new Option<LogFormat>("--log-format")
        {
            Description = "How log lines are written",
            DefaultValueFactory = _ => LogFormat.Text,
        };

        var rateLimit = new Option<int>("--rate-limit")
        {
            Description = "Requests per second each API token (or session, or anonymous address) may make, with bursts of twice that; 0 turns it off",
            DefaultValueFactory = _ => new RateLimitOptions().RequestsPerSecond,
        };
        var signInLimit = new Option<int>("--sign-in-limit")
        {
            Description = "Password sign-ins, sign-ups and node joins each client address may attempt per minute; 0 turns it off",
            DefaultValueFactory = _ => new RateLimitOptions().SignInAttemptsPerMinute,
        };
        var encryptionKeyFile = new Option<string?>("--encryption-key-file")
        {
            Description = "Key file Secrets are encrypted with at rest (default: DATA_DIR/encryption-keys.json, generated on the first start); servers sharing a datastore need the same file",
        };
        var tlsCertificateFile = new Option<string?>("--tls-cert-file")
        {
            Description = "PEM certificate (its chain may follow) to serve TLS with instead of one signed by the generated CA in DATA_DIR/tls; needs --tls-key-file",
        };
        var tlsKeyFile = new Option<string?>("--tls-key-file")
        {
            Description = "PEM private key of --tls-cert-file",
        };
        var tlsCaFile = new Option<string?>("--tls-ca-file")
        {
            Description = "PEM CA that signed --tls-cert-file, for kubeconfigs and join tokens (default: the self-signed certificate the chain ends in; none for a publicly trusted certificate)",
        };
        var advertiseUrl = new Option<string?>("--advertise-url")
        {
            Description = "URL the other server replicas sharing the datastore reach this one at, e.g. https://10.0.0.5:8080 (default: https:// and the address bound, or this machine's host name when bound to every address)",
        };
        var rotateEncryptionKey = new Option<bool>("--rotate-encryption-key")
        {
            Description = "Add a new primary key to the encryption key file, re-encrypt every Secret with it, and exit",
        };

        var historyRetention = new DurationOption(
            "--history-retention",
            "How long superseded object revisions stay readable before compaction removes them (e.g. 30m, 24h, 7d; 0 keeps them for ever)",
            new ControllerOptions().HistoryRetention);

        var deletedWorkspaceRetention = new DurationOption(
            "--deleted-workspace-retention",
            "How long a deleted workspace's objects and revisions stay in the datastore before they are purged and its name is free again (e.g. 24h, 7d; 0 purges at once)",
            new ServerOptions().DeletedWorkspaceRetention);

        var command = new Command("server", "Run the Berth server: migrate the datastore, then serve HTTP until Ctrl-C or SIGTERM");
        datastore.AddTo(command);
        command.Options.Add(listen);
        command.Options.Add(adminPassword);
        command.Options.Add(disableSignUp);
        command.Options.Add(disableAgent);
        command.Options.Add(nodeName);
        command.Options.Add(logFormat);
        command.Options.Add(rateLimit);
        command.Options.Add(signInLimit);
        command.Options.Add(encryptionKeyFile);
        command.Options.Add(rotateEncryptionKey);
        command.Options.Add(tlsCertificateFile);
        command.Options.Add(tlsKeyFile);
        command.Options.Add(tlsCaFile);
        command.Options.Add(advertiseUrl);
        historyRetention.AddTo(command);
        deletedWorkspaceRetention.AddTo(command);
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
                    AdminPassword = parse.GetValue(adminPassword) ?? Environment.GetEnvironmentVariable(AdminPasswordVariable),
                    AllowSignUp = !parse.GetValue(disableSignUp),
                    Logging = ConsoleLogging.Console(parse.GetValue(logFormat)),
                    Controllers = new ControllerOptions { HistoryRetention = historyRetention.Value(parse) },
                    RateLimits = new RateLimitOptions
                    {
                        RequestsPerSecond = parse.GetValue(rateLimit),
                        Burst = 2 * parse.GetValue(rateLimit),
                        SignInAttemptsPerMinute = parse.GetValue(signInLimit),
                    },
                    EncryptionKeyFile = parse.GetValue(encryptionKeyFile),
                    TlsCertificateFile = parse.GetValue(tlsCertificateFile),
                    TlsKeyFile = parse.GetValue(tlsKeyFile),
                    TlsCaFile = parse.GetValue(tlsCaFile),
                    AdvertiseUrl = parse.GetValue(advertiseUrl),
                    DeletedWorkspaceRetention = deletedWorkspaceRetention.Value(parse),
                };
                if (parse.GetValue(rotateEncryptionKey))
                {
                    return await RotateAsync(options, output, parse.InvocationConfiguration.Error, ct);
                }

                await using var server = await BerthServer.StartAsync(options, ct);
                await output.WriteLineAsync($"Berth is listening on {server.Address.GetLeftPart(UriPartial.Authority)} (datastore {server.Datastore.Display})");
                if (server.Admin.GeneratedPassword is { } password)
                {
                    // The one time it is shown; afterwards only the file holds it.
                    await output.WriteLineAsync($"Admin user: admin, password {password} (shown once; also in {server.Admin.PasswordFile}, mode 0600)");
                }

                await output.WriteLineAsync($"Admin kubeconfig for workspace default: {server.KubeconfigPath} (KUBECONFIG={server.KubeconfigPath} kubectl get ns)");
                // Plain HTTP only on loopback: anywhere else the session cookie must travel over TLS.
                var dashboard = server.ServesPlainHttp ? server.Address : server.TlsAddress;
                await output.WriteLineAsync($"Dashboard: {dashboard} (sign in as admin)");
                await using var agent = parse.GetValue(disableAgent)
                    ? null
                    : await StartAgentAsync(server, options.DataDirectory, parse.GetValue(nodeName)!, output, ct);
                await server.WaitForShutdownAsync(ct);
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    /// <summary><c>--rotate-encryption-key</c>: rotates, reports, and fails when some Secret could not be re-encrypted.</summary>
    private static async Task<int> RotateAsync(ServerOptions options, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var rotation = await BerthServer.RotateEncryptionKeyAsync(options, ct);
        await output.WriteLineAsync($"New primary encryption key {rotation.KeyId} in {rotation.KeyFile}; re-encrypted {rotation.Reencrypted} Secrets with it");
        foreach (var problem in rotation.Unreadable)
        {
            await error.WriteLineAsync($"Not re-encrypted, in workspace {problem}");
        }

        return rotation.Unreadable.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The embedded agent, or null when a stop (SIGTERM, Ctrl-C) came while it was starting: the server then stops as usual.</summary>
    private static async Task<EmbeddedAgent?> StartAgentAsync(BerthServer server, string dataDirectory, string nodeName, TextWriter output, CancellationToken ct)
    {
        try
        {
            return await EmbeddedAgent.StartAsync(server, dataDirectory, nodeName, output, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
