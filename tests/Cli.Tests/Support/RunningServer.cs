using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Berth.Tests.Support;

namespace Berth.Cli.Tests.Support;

/// <summary>
/// A long-running <c>berth</c> process: a server, known ready once it printed where it listens, or
/// an agent, once it printed that it is joining.
/// </summary>
internal sealed partial class RunningServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly TaskCompletionSource<string> listeningLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Regex ready;

    private RunningServer(Process process, Regex ready)
    {
        this.process = process;
        this.ready = ready;
    }

    /// <summary>The process's id: the launcher's, which then became berth's (it execs).</summary>
    public int ProcessId => process.Id;

    /// <summary>The line the server printed when it started listening.</summary>
    public string ListeningLine { get; private set; } = "";

    public Uri Address { get; private set; } = null!;

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    /// <param name="ready">The line that says the process is ready; by default a server's "listening on" line.</param>
    public static async Task<RunningServer> StartAsync(string launcher, string[] arguments, IDictionary<string, string?> environment, Regex? ready = null)
    {
        var process = new Process { StartInfo = ProcessRun.StartInfo(launcher, arguments, environment), EnableRaisingEvents = true };
        var server = new RunningServer(process, ready ?? ListeningUrl());
        process.OutputDataReceived += (_, e) => server.OnStdout(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnStderr(e.Data);
        process.Exited += (_, _) => server.listeningLine.TrySetException(
            new InvalidOperationException($"berth {arguments.FirstOrDefault()} exited before it was ready; stderr: {server.StderrText()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.ListeningLine = await server.listeningLine.Task.WaitAsync(StartTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        if (ListeningUrl().Match(server.ListeningLine) is { Success: true } listening)
        {
            server.Address = new Uri(listening.Groups["url"].Value);
        }

        return server;
    }

    public Uri Url(string path) => new(Address, path);

    /// <summary>Sends SIGTERM, as an orchestrator or <c>docker stop</c> would, and returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        // .NET can only SIGKILL a child; kill(1) sends the signal an orchestrator would.
        var kill = await ProcessRun.RunAsync("kill", ["-TERM", process.Id.ToString()], StopTimeout);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id}: {kill}");
        }

        await process.WaitForExitAsync().WaitAsync(StopTimeout);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (stdout)
        {
            stdout.Append(line).Append('\n');
        }

        if (ready.IsMatch(line))
        {
            listeningLine.TrySetResult(line);
        }
    }

    private void OnStderr(string? line)
    {
        lock (stderr)
        {
            stderr.Append(line).Append('\n');
        }
    }

    private string StderrText()
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }

    [GeneratedRegex(@"^Berth is listening on (?<url>http://\S+) ")]
    private static partial Regex ListeningUrl();
}
