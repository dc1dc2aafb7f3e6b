using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Bench.Store;

internal sealed record PgBenchSample(int Clients, double Tps, string Note);

/// <summary>
/// pgbench as a sanity check of the raw-INSERT baseline: the same single-row INSERT of the same
/// 1 KiB value, prepared, autocommit, one connection per client, from a C client instead of Npgsql.
/// </summary>
internal static partial class PgBench
{
    public static async Task<List<PgBenchSample>> RunAsync(string connectionString, Options options)
    {
        var results = new List<PgBenchSample>();
        var exe = Find("pgbench");
        if (exe == null)
        {
            Log.Info("pgbench: not found, skipped");
            return results;
        }

        await Pg.ExecAsync(connectionString, "CREATE TABLE IF NOT EXISTS raw_pgbench (id bigserial PRIMARY KEY, value json)");
        var script = Path.Combine(Path.GetTempPath(), $"berth-bench-pgbench-{Environment.ProcessId}.sql");
        await File.WriteAllTextAsync(script, $"INSERT INTO raw_pgbench (value) VALUES ('{Payload.Text.Replace("'", "''")}');\n");
        var b = Pg.Builder(connectionString);
        try
        {
            foreach (var clients in options.WriterCounts)
            {
                await Pg.ExecAsync(connectionString, "CHECKPOINT");
                var seconds = Math.Max(1, (int)Math.Round(options.WriteDuration.TotalSeconds));
                var psi = new ProcessStartInfo(exe)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                foreach (var arg in new[]
                         {
                             "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture),
                             "-j", Math.Min(clients, Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture),
                             "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", script,
                             "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username ?? "postgres", b.Database ?? "postgres",
                         })
                {
                    psi.ArgumentList.Add(arg);
                }

                using var process = Process.Start(psi)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                var match = TpsLine().Match(await stdout);
                if (process.ExitCode != 0 || !match.Success)
                {
                    Log.Info($"pgbench -c {clients} failed: {(await stderr).Trim()}");
                    continue;
                }

                var tps = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                results.Add(new PgBenchSample(clients, Math.Round(tps, 1), $"-M prepared -c {clients} -T {seconds}"));
                Log.Info($"pgbench: {clients} clients: {tps:F0} inserts/s");
            }
        }
        finally
        {
            File.Delete(script);
        }

        return results;
    }

    private static string? Find(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (path != null)
        {
            return path;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", name)).Where(File.Exists).Order().LastOrDefault()
            : null;
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();
}
