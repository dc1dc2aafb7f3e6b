using Berth.Tests.Support;

namespace Berth.Api.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own (scripts/postgres.sh), for tests that stop and restart
/// the database under a running Berth. It keeps its port, so a restart comes back where clients look.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory directory = new("berth-pg");
    private readonly int port = FreePort.Pick();

    private ThrowawayPostgres()
    {
    }

    public string ConnectionString { get; private set; } = "";

    private string DataDirectory => Path.Combine(directory.Path, "pg");

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var postgres = new ThrowawayPostgres();
        await postgres.RestartAsync();
        return postgres;
    }

    /// <summary>Starts the server (again), on the same data and port.</summary>
    public async Task RestartAsync()
    {
        if (ConnectionString.Length == 0)
        {
            var result = await Script("start", DataDirectory, port.ToString());
            ConnectionString = result.Stdout.Trim();
            return;
        }

        // postgres.sh cannot start a cluster it started before: it makes every directory on the path
        // traversable, the data directory included, and PostgreSQL refuses a data directory that is
        // not 0700. Until it spares that directory, restart with pg_ctl, which reuses the first
        // start's options (port, socket directory, listen address) from postmaster.opts.
        string[] pgCtl = [PgCtl(), "-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "restart"];
        // As root, the cluster belongs to the postgres user (PostgreSQL refuses to run as root).
        var restart = Environment.IsPrivilegedProcess
            ? await ProcessRun.RunAsync("runuser", ["-u", "postgres", "--", .. pgCtl], ScriptTimeout)
            : await ProcessRun.RunAsync(pgCtl[0], pgCtl[1..], ScriptTimeout);
        if (restart.ExitCode != 0)
        {
            throw new InvalidOperationException($"pg_ctl restart: {restart}");
        }
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut, as in a crash or failover).</summary>
    public Task StopAsync() => Script("stop", DataDirectory);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        directory.Dispose();
    }

    /// <summary>pg_ctl as postgres.sh finds it: on PATH, else in Debian's versioned directory.</summary>
    private static string PgCtl()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, "pg_ctl"))
            .FirstOrDefault(File.Exists);
        return onPath ?? Directory.GetFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories).Order().Last();
    }

    private static async Task<ProcessResult> Script(params string[] arguments)
    {
        var result = await ProcessRun.RunAsync(RepositoryRoot.File("scripts", "postgres.sh"), arguments, ScriptTimeout);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)}: {result}");
    }
}
