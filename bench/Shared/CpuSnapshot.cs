using Npgsql;

namespace Berth.Bench;

/// <summary>
/// CPU used between two points, in cores: by this process (the harness), by the server process
/// under test when there is one (<see cref="ServerPid"/>), by PostgreSQL (the postmaster and its
/// children), and by the whole machine; what is left is other work on the machine, which skews a
/// measurement and is reported beside it.
/// </summary>
internal readonly record struct CpuSnapshot(long MachineBusy, long MachineTotal, TimeSpan Process, double Postgres, double Server, long At)
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
        return new CpuSnapshot(total - idle, total, self.TotalProcessorTime, PostgresSeconds(), server, Clock.Now);
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
        return new CpuUse(Math.Round(harness, 2), Math.Round(postgres, 2), Math.Round(other, 2), Math.Round(machine, 2))
        {
            ServerCores = Math.Round(server, 2),
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
