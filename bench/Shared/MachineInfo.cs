using System.Runtime.InteropServices;
using Npgsql;

namespace Berth.Bench;

/// <summary>What the figures were measured on: the machine, the PostgreSQL settings that matter, and how idle the machine was.</summary>
internal static class MachineInfo
{
    public static async Task<List<KeyValuePair<string, string>>> CollectAsync(string connectionString)
    {
        var info = new List<KeyValuePair<string, string>>();
        void Add(string k, string v) => info.Add(new(k, v));

        Add("CPU", $"{Environment.ProcessorCount} × {CpuModel()}");
        Add("memory", $"{MemTotalGiB():F1} GiB");
        Add("kernel", File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription);
        Add(".NET", $"{RuntimeInformation.FrameworkDescription}, {(System.Runtime.GCSettings.IsServerGC ? "Server" : "Workstation")} GC, Npgsql {typeof(NpgsqlConnection).Assembly.GetName().Version}");
        // Set by bench/run.sh, which ran these.
        foreach (var (name, label) in new[] { ("BENCH_ETCD_VERSION", "etcd"), ("BENCH_NODE_VERSION", "node"), ("BENCH_ETCD3_VERSION", "etcd client"), ("BENCH_FDATASYNC", "disk") })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                Add(label, value);
            }
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('wal_sync_method'), " +
                "current_setting('full_page_writes'), current_setting('shared_buffers'), current_setting('max_wal_size'), current_setting('autovacuum')",
                connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Add("PostgreSQL", reader.GetString(0).Split(" on ")[0]);
            Add("PostgreSQL settings", $"fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, wal_sync_method={reader.GetString(3)}, " +
                                       $"full_page_writes={reader.GetString(4)}, shared_buffers={reader.GetString(5)}, max_wal_size={reader.GetString(6)}, autovacuum={reader.GetString(7)}");
        }

        // Other work on the machine skews everything: measure how busy it is before we start.
        var before = CpuSnapshot.Take();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idle = CpuSnapshot.Take().Since(before);
        Add("background load", $"{idle.MachineCores:F2} cores busy over 3 s before the run");
        Log.Info("machine: " + string.Join("; ", info.Select(kv => $"{kv.Key}: {kv.Value}")));
        return info;
    }

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";

    private static double MemTotalGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0;
    }
}
