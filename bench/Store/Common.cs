using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Berth.Bench.Store;

/// <summary>The one 1 KiB JSON value every benchmark writes (bench/payload-1k.json, shared with the etcd driver).</summary>
internal static class Payload
{
    public static byte[] Bytes { get; private set; } = [];
    public static string Text { get; private set; } = "";

    public static void Load(string path)
    {
        Bytes = File.ReadAllBytes(path);
        Text = Encoding.UTF8.GetString(Bytes);
        if (Bytes.Length != 1024)
        {
            throw new InvalidOperationException($"{path} is {Bytes.Length} bytes, expected 1024");
        }
    }
}

internal static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>
/// CPU used between two points: by this process (the harness, and the store running inside it)
/// and by the whole machine (PostgreSQL is most of the rest), both in cores.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusy, long MachineTotal, TimeSpan Process, long At)
{
    public static CpuSnapshot Take()
    {
        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new CpuSnapshot(total - idle, total, self.TotalProcessorTime, Clock.Now);
    }

    public CpuUse Since(CpuSnapshot start)
    {
        var wall = Clock.Seconds(At - start.At);
        var totalJiffies = MachineTotal - start.MachineTotal;
        var machine = totalJiffies == 0 ? 0 : (MachineBusy - start.MachineBusy) / (double)totalJiffies * Environment.ProcessorCount;
        return new CpuUse(Math.Round((Process - start.Process).TotalSeconds / wall, 2), Math.Round(machine, 2));
    }
}

internal sealed record CpuUse(double HarnessCores, double MachineCores);

internal static class Stats
{
    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static List<double> SortedMs(IEnumerable<long> ticks)
    {
        var list = ticks.Select(Clock.Ms).ToList();
        list.Sort();
        return list;
    }
}

internal static class Pg
{
    public static NpgsqlConnectionStringBuilder Builder(string connectionString, string? database = null)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (database != null)
        {
            b.Database = database;
        }

        return b;
    }

    /// <summary>Drops and creates <paramref name="database"/> so every run starts from an empty one.</summary>
    public static async Task RecreateDatabaseAsync(string connectionString, string database)
    {
        await using var admin = new NpgsqlConnection(Builder(connectionString, "postgres").ConnectionString);
        await admin.OpenAsync();
        await ExecAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await ExecAsync(admin, $"CREATE DATABASE {database}");
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql, int timeoutSeconds = 0)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ExecAsync(string connectionString, string sql, int timeoutSeconds = 0)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, sql, timeoutSeconds);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

internal static class Log
{
    private static readonly Stopwatch Since = Stopwatch.StartNew();

    public static void Info(string message) =>
        Console.Error.WriteLine($"[{Since.Elapsed:mm\\:ss}] {message}");
}
