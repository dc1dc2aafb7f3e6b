using System.Diagnostics;

namespace Berth.Agents.Runtime.Docker;

/// <summary>The engine a node agent runs pods on, or why it has none.</summary>
public sealed record DockerReadiness(DockerEngine? Engine, string? WhyNot, string? Started);

/// <summary>
/// Finds a Docker engine for the server's embedded agent, and gets one where it can, as k3s's
/// installer gets its runtime: when no engine answers and the process is root on a Debian-like
/// machine, it installs <c>docker.io</c> with apt if <c>dockerd</c> is missing and starts
/// <c>dockerd</c> in the background (its log in the data directory), saying what it did. Otherwise
/// it reports, in one line, why the server runs without a node.
/// </summary>
public static class DockerBootstrap
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    public static async Task<DockerReadiness> EnsureAsync(string dataDirectory, Action<string> say, CancellationToken ct)
    {
        var engine = DockerEngine.FromEnvironment();
        if (await AnswersAsync(engine, ct) is null)
        {
            return new DockerReadiness(engine, null, null);
        }

        if (!Environment.IsPrivilegedProcess)
        {
            engine.Dispose();
            return new DockerReadiness(null, $"no Docker engine answers at {engine.SocketPath}, and only root may start one", null);
        }

        if (Which("dockerd") is null)
        {
            if (Which("apt-get") is null)
            {
                engine.Dispose();
                return new DockerReadiness(null, "no Docker engine answers and dockerd is not installed (and apt-get is not here to install docker.io)", null);
            }

            say("installing docker.io with apt-get, for this machine's node (no Docker engine answered)");
            var installed = await RunAsync("apt-get", ["install", "-y", "-q", "docker.io"], ct);
            if (installed != 0 || Which("dockerd") is null)
            {
                engine.Dispose();
                return new DockerReadiness(null, $"no Docker engine answers, and apt-get install docker.io failed (exit {installed})", null);
            }
        }

        var log = Path.Combine(Path.GetFullPath(dataDirectory), "dockerd.log");
        say($"starting dockerd for this machine's node (log: {log})");
        Directory.CreateDirectory(dataDirectory);
        StartDetached("dockerd", log);
        var deadline = Stopwatch.StartNew();
        string? lastReason = null;
        while (deadline.Elapsed < StartDeadline)
        {
            lastReason = await AnswersAsync(engine, ct);
            if (lastReason is null)
            {
                return new DockerReadiness(engine, null, log);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        engine.Dispose();
        return new DockerReadiness(null, $"dockerd did not answer within {StartDeadline.TotalSeconds:0} s ({lastReason}; see {log})", null);
    }

    /// <summary>Null when the engine answers; otherwise why not.</summary>
    private static async Task<string?> AnswersAsync(DockerEngine engine, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await engine.VersionAsync(timeout.Token);
            return null;
        }
        catch (Exception e) when (e is DockerException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return e.Message;
        }
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Append("/usr/sbin").Append("/sbin")
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);

    private static async Task<int> RunAsync(string program, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Which(program) ?? program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(ct), process.StandardError.ReadToEndAsync(ct));
        await process.WaitForExitAsync(ct);
        await drain;
        return process.ExitCode;
    }

    /// <summary>Starts the engine in its own session, so it outlives this process as an installed service would, logging to <paramref name="log"/>.</summary>
    private static void StartDetached(string program, string log)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec {Which(program) ?? program} >>'{log.Replace("'", "'\\''", StringComparison.Ordinal)}' 2>&1 </dev/null");
        using var _ = Process.Start(start);
    }
}
