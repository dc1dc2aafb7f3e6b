using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Berth.Bench.Api;

/// <summary>
/// A real <c>berth server</c> process, as users run it: on loopback, on a PostgreSQL datastore,
/// with its console log (one line per request) going to a file, as it would go to a journal.
/// Started through <c>sh -c exec</c> so that the pid is the server's own, for CPU accounting.
/// </summary>
internal sealed partial class BerthServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string pidFile;

    private BerthServerProcess(Process process, Uri address, string kubeconfig, string log, string pidFile)
    {
        this.process = process;
        this.pidFile = pidFile;
        Address = address;
        KubeconfigPath = kubeconfig;
        LogPath = log;
    }

    public int Pid => process.Id;

    /// <summary>Where the server answers (plain HTTP and, on the same port, TLS).</summary>
    public Uri Address { get; }

    public string KubeconfigPath { get; }

    public string LogPath { get; }

    /// <summary>
    /// The server's garbage collector, from the runtimeconfig beside the build ./berth runs
    /// (.artifacts/berth): it changes throughput, so the report names it.
    /// </summary>
    public static string RuntimeSettings(string berth)
    {
        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(berth))!, ".artifacts", "berth", "berth.runtimeconfig.json");
        if (!File.Exists(config))
        {
            return "runtime settings unknown";
        }

        var properties = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))?["runtimeOptions"]?["configProperties"];
        var server = properties?["System.GC.Server"]?.GetValue<bool>() ?? false;
        var concurrent = properties?["System.GC.Concurrent"]?.GetValue<bool>() ?? true;
        return $"{(server ? "Server" : "Workstation")} GC{(concurrent ? ", concurrent" : "")}";
    }

    /// <param name="adminPassword">The bootstrap admin's password (BERTH_ADMIN_PASSWORD), for a harness that signs into the dashboard; null sets none.</param>
    public static async Task<BerthServerProcess> StartAsync(string berth, string datastore, string dataDirectory, string? adminPassword = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var log = Path.Combine(dataDirectory, "server.log");
        var start = new ProcessStartInfo("/bin/sh")
        {
            // No embedded agent: it would start Docker and run a node beside the API being measured; no rate limit: the harness is one token doing thousands of requests a second on purpose.
            ArgumentList = { "-c", "exec \"$0\" server --data-dir \"$1\" --listen 127.0.0.1:0 --disable-agent --rate-limit 0 > \"$2\" 2>&1", berth, dataDirectory, log },
            UseShellExecute = false,
        };
        // The datastore through the environment, as the CLI allows, so no connection string shows in ps.
        start.Environment["BERTH_DATASTORE"] = datastore;
        if (adminPassword is not null)
        {
            start.Environment["BERTH_ADMIN_PASSWORD"] = adminPassword;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {berth}");
        // For bench/api.sh, which stops the server if this harness is killed before it can.
        var pidFile = Path.Combine(dataDirectory, "server.pid");
        await File.WriteAllTextAsync(pidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deadline = Clock.Now + Clock.Ticks(TimeSpan.FromMinutes(5)); // ./berth may build itself first
        while (Clock.Now < deadline)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            var listening = Listening().Match(text);
            var kubeconfig = KubeconfigLine().Match(text);
            if (listening.Success && kubeconfig.Success)
            {
                return new BerthServerProcess(process, new Uri(listening.Groups["url"].Value), kubeconfig.Groups["path"].Value, log, pidFile);
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"berth server exited with {process.ExitCode}:\n{text}");
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new TimeoutException($"berth server did not report its address within 5 minutes (log: {log})");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // SIGTERM, as a service manager stops it; the server drains and closes the store.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        File.Delete(pidFile); // it has exited: that pid may be someone else's from now on
        process.Dispose();
    }

    [GeneratedRegex(@"Berth is listening on (?<url>http://\S+)")]
    private static partial Regex Listening();

    [GeneratedRegex(@"Admin kubeconfig for workspace default: (?<path>\S+)")]
    private static partial Regex KubeconfigLine();
}
