using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Bench.Agent;

/// <summary>A <c>berth</c> process of the benchmark (server or agent), its output in a file, started through <c>sh -c exec</c> so its pid is its own.</summary>
internal sealed class BerthProcess(Process process, string log) : IAsyncDisposable
{
    public int Pid => process.Id;

    public string Log => log;

    public static BerthProcess Start(string berth, string log, params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" > \"$LOG\" 2>&1");
        start.ArgumentList.Add(berth);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOG"] = log;
        return new BerthProcess(Process.Start(start)!, log);
    }

    /// <summary>The first match of <paramref name="pattern"/> in the output, waiting up to <paramref name="within"/> (the first ./berth may build itself).</summary>
    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            var text = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            if (pattern.Match(text) is { Success: true } match)
            {
                return match;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"{log}: exited with {process.ExitCode}:\n{text}");
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{log}: no {pattern} within {within}");
    }

    /// <summary>Resident memory now, from /proc (kB → MiB).</summary>
    public double ResidentMiB() => Memory().Rss;

    /// <summary>
    /// Resident memory now and what it is made of (MiB): anonymous (the process's own heap), file
    /// (mapped runtime and assembly files, shared with every .NET process on the machine) and shmem
    /// (the JIT's double-mapped code under W^X); PSS divides each shared page among its sharers.
    /// </summary>
    public MemorySample Memory()
    {
        var status = File.ReadLines($"/proc/{process.Id}/status").ToList();
        var rollup = File.ReadLines($"/proc/{process.Id}/smaps_rollup").ToList();
        return new MemorySample(Kb(status, "VmRSS:"), Kb(status, "RssAnon:"), Kb(status, "RssFile:"), Kb(status, "RssShmem:"), Kb(rollup, "Pss:"));
    }

    private static double Kb(List<string> lines, string field) =>
        long.Parse(lines.First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            if (!await Task.Run(() => process.WaitForExit(TimeSpan.FromSeconds(20))))
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.Dispose();
    }
}

/// <summary>One reading of a process's memory, in MiB.</summary>
internal sealed record MemorySample(double Rss, double Anon, double File, double Shmem, double Pss);
