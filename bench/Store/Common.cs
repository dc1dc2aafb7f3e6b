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
/// CPU used between two points, in cores: by this process (the harness, and the store running
/// inside it), by PostgreSQL (the postmaster and its children), and by the whole machine; what is
/// left is other work on the machine, which skews a measurement and is reported beside it.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusy, long MachineTotal, TimeSpan Process, double Postgres, long At)
{
    /// <summary>The postmaster's pid, once known (see <see cref="FindPostmasterAsync"/>); 0 leaves PostgreSQL out.</summary>
    public static int PostmasterPid { get; set; }

    public static CpuSnapshot Take()
    {
        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new CpuSnapshot(total - idle, total, self.TotalProcessorTime, PostgresSeconds(), Clock.Now);
    }

    public CpuUse Since(CpuSnapshot start)
    {
        var wall = Clock.Seconds(At - start.At);
        var totalJiffies = MachineTotal - start.MachineTotal;
        var machine = totalJiffies == 0 ? 0 : (MachineBusy - start.MachineBusy) / (double)totalJiffies * Environment.ProcessorCount;
        var harness = (Process - start.Process).TotalSeconds / wall;
        var postgres = PostmasterPid == 0 ? double.NaN : (Postgres - start.Postgres) / wall;
        var other = double.IsNaN(postgres) ? double.NaN : Math.Max(0, machine - harness - postgres);
        return new CpuUse(Math.Round(harness, 2), Math.Round(postgres, 2), Math.Round(other, 2), Math.Round(machine, 2));
    }

    public static async Task FindPostmasterAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        PostmasterPid = ReadStat(backend) is { } stat ? (int)stat.Parent : 0;
    }

    /// <summary>User+system CPU seconds of the postmaster and every process it forked (backends, walwriter, autovacuum…).</summary>
    private static double PostgresSeconds()
    {
        if (PostmasterPid == 0)
        {
            return 0;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat &&
                (pid == PostmasterPid || stat.Parent == PostmasterPid))
            {
                ticks += stat.CpuTicks;
            }
        }

        return ticks / 100.0; // USER_HZ
    }

    private static (long Parent, long CpuTicks)? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[1]), long.Parse(f[11]) + long.Parse(f[12]));
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }
}

/// <summary>Cores used: by the harness process, by PostgreSQL, by anything else, and by the whole machine.</summary>
internal sealed record CpuUse(double HarnessCores, double PostgresCores, double OtherCores, double MachineCores)
{
    public string Brief => $"cores: harness {HarnessCores:F2}, postgres {PostgresCores:F2}, other {OtherCores:F2}";

    /// <summary>For a table cell: harness / postgres / other.</summary>
    public string Cell => $"{HarnessCores:F2} / {PostgresCores:F2} / {OtherCores:F2}";
}

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

internal static class Quiet
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until other processes stayed under <see cref="Options.MaxOther"/>
    /// cores during it, at most 1 + <see cref="Options.Retries"/> times; returns the quietest attempt.
    /// </summary>
    public static async Task<(T Result, int Attempts)> RunAsync<T>(Options options, string what, Func<int, Task<T>> attempt, Func<T, CpuUse> cpu)
    {
        T? best = default;
        var bestOther = double.MaxValue;
        var attempts = 0;
        while (attempts <= options.Retries)
        {
            var result = await attempt(attempts++);
            var other = cpu(result).OtherCores;
            if (best is null || other < bestOther)
            {
                (best, bestOther) = (result, other);
            }

            if (double.IsNaN(other) || other <= options.MaxOther)
            {
                break;
            }

            Log.Info($"{what}: other processes used {other:F2} cores meanwhile{(attempts <= options.Retries ? ", repeating" : "; keeping the quietest attempt")}");
        }

        return (best!, attempts);
    }
}

internal static class Log
{
    private static readonly Stopwatch Since = Stopwatch.StartNew();

    public static void Info(string message) =>
        Console.Error.WriteLine($"[{Since.Elapsed:mm\\:ss}] {message}");
}
