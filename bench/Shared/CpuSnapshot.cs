using Npgsql;

namespace Berth.Bench;

/// <summary>
/// CPU used between two points, in cores: by this process (the harness), by the server process
/// under test when there is one (<see cref="ServerPid"/>), by PostgreSQL (the postmaster and its
/// children), and by the whole machine; what is left is other work on the machine, which skews a
/// measurement and is reported beside it.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusy, long MachineTotal, TimeSpan Process, double Postgres, double Server,
    IReadOnlyDictionary<string, long> ServerWaits, long At)
{
    /// <summary>The postmaster's pid, once known (see <see cref="FindPostmasterAsync"/>); 0 leaves PostgreSQL out.</summary>
    public static int PostmasterPid { get; set; }

    /// <summary>A separate server process whose CPU is reported on its own (e.g. <c>berth server</c>); 0 when there is none.</summary>
    public static int ServerPid { get; set; }

    public static CpuSnapshot Take()
    {
        var fields = File.ReadLines("/proc/stat").First()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var server = ServerPid != 0 && ReadStat(ServerPid) is { } stat ? stat.CpuTicks / 100.0 : 0; // USER_HZ
        return new CpuSnapshot(total - idle, total, self.TotalProcessorTime, PostgresSeconds(), server, ServerThreadWaits(), Clock.Now);
    }

    public CpuUse Since(CpuSnapshot start)
    {
        var wall = Clock.Seconds(At - start.At);
        var totalJiffies = MachineTotal - start.MachineTotal;
        var machine = totalJiffies == 0 ? 0 : (MachineBusy - start.MachineBusy) / (double)totalJiffies * Environment.ProcessorCount;
        var harness = (Process - start.Process).TotalSeconds / wall;
        var postgres = PostmasterPid == 0 ? double.NaN : (Postgres - start.Postgres) / wall;
        var server = ServerPid == 0 ? double.NaN : (Server - start.Server) / wall;
        var other = double.IsNaN(postgres) ? double.NaN : Math.Max(0, machine - harness - postgres - (double.IsNaN(server) ? 0 : server));
        // Threads that ended in between are left out: their wait is gone with them.
        var waited = ServerWaits.Sum(kv => kv.Value - start.ServerWaits.GetValueOrDefault(kv.Key)) / 1e9;
        return new CpuUse(Math.Round(harness, 2), Math.Round(postgres, 2), Math.Round(other, 2), Math.Round(machine, 2))
        {
            ServerCores = Math.Round(server, 2),
            ServerWaitingThreads = ServerPid == 0 ? double.NaN : Math.Round(waited / wall, 2),
        };
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

    /// <summary>
    /// Per thread of the server, the nanoseconds it has spent runnable but waiting for a CPU
    /// (the second field of /proc/PID/task/TID/schedstat): over a run, their growth ÷ its length
    /// is how many of the server's threads were, on average, ready to work but given no core.
    /// </summary>
    private static Dictionary<string, long> ServerThreadWaits()
    {
        var waits = new Dictionary<string, long>();
        if (ServerPid == 0)
        {
            return waits;
        }

        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{ServerPid}/task"))
            {
                try
                {
                    waits[Path.GetFileName(task)] = long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[1]);
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
            // the server ended meanwhile
        }

        return waits;
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
