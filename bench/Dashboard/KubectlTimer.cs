using System.Diagnostics;

namespace Berth.Bench.Dashboard;

/// <summary>The baseline: the real kubectl on the server's admin kubeconfig, timed from start to exit.</summary>
internal sealed class KubectlTimer(string kubectl, string kubeconfig, string cacheDirectory)
{
    /// <summary>The version line, for the report.</summary>
    public async Task<string> VersionAsync() => (await RunAsync(["version", "--client"])).Output.Split('\n')[0].Trim();

    /// <summary>Wall ms of one run (output read and dropped, as a terminal would take it); fails the run if kubectl does.</summary>
    public async Task<double> TimeAsync(params string[] args)
    {
        var t0 = Clock.Now;
        var (code, output) = await RunAsync(args);
        var ms = Clock.Ms(Clock.Now - t0);
        if (code != 0)
        {
            throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited with {code}: {output}");
        }

        return ms;
    }

    private async Task<(int Code, string Output)> RunAsync(string[] args)
    {
        var start = new ProcessStartInfo(kubectl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig");
        start.ArgumentList.Add(kubeconfig);
        start.ArgumentList.Add("--cache-dir");
        start.ArgumentList.Add(cacheDirectory);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stdout;
        return (process.ExitCode, process.ExitCode == 0 ? output : await stderr);
    }
}
