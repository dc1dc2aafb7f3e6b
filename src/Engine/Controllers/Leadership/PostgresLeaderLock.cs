using Npgsql;

namespace Berth.Engine.Controllers.Leadership;

/// <summary>
/// Leader election on PostgreSQL: the leader is the replica whose dedicated connection holds a
/// session advisory lock. PostgreSQL releases the lock when that session ends, however it ends
/// (the process stops, crashes, or the connection breaks), so a standby can take over at its next try.
/// The leader checks its connection every <c>checkInterval</c> and stops leading when the check
/// fails: it cannot know any more that it holds the lock. A replica that gets the lock waits as long
/// as the old leader can take to notice before it leads, so two never lead at once. Not thread-safe: one loop tries at a time.
/// </summary>
public sealed class PostgresLeaderLock(string connectionString, TimeSpan checkInterval) : ILeaderElection
{
    /// <summary>Names the election's sessions in pg_stat_activity; the leader's is the one holding the advisory lock (pg_locks).</summary>
    public const string ApplicationName = "berth-controllers";

    // Any fixed number works if every Berth process uses it and nothing else does: "berthctl" in ASCII.
    // The migrator's lock is another number. Advisory locks are per database, so Berths on separate databases never meet.
    private const long LockKey = 0x6265727468637472;

    // A standby keeps its session between tries instead of opening one every few seconds.
    private NpgsqlConnection? standby;

    public async Task<ILeadership?> TryAcquireAsync(CancellationToken ct)
    {
        var connection = standby ?? await OpenAsync(ct);
        standby = null;
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                // The lock may be free because the old leader's session died while that leader still runs:
                // it stops at its next failed check, at most a check interval plus a check's timeout from now.
                // Waiting that long before leading keeps two replicas from ever running controllers at once.
                await Task.Delay(checkInterval + CheckTimeout, ct);
                await using var stillHere = new NpgsqlCommand("SELECT 1", connection);
                await stillHere.ExecuteScalarAsync(ct);
                return new Held(connection, checkInterval);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        standby = connection;
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (standby is not null)
        {
            await standby.DisposeAsync();
            standby = null;
        }
    }

    /// <summary>How long one check of the connection may take before the leader gives up: five check intervals, at least a second.</summary>
    private TimeSpan CheckTimeout => TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(checkInterval.TotalSeconds * 5)));

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own session, never a pooled one: the lock lives and dies with this connection.
            Pooling = false,
            ApplicationName = ApplicationName,
            CommandTimeout = (int)CheckTimeout.TotalSeconds,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held : ILeadership
    {
        private readonly NpgsqlConnection connection;
        private readonly CancellationTokenSource lost = new();
        private readonly CancellationTokenSource stopping = new();
        private readonly Task checking;

        public Held(NpgsqlConnection connection, TimeSpan checkInterval)
        {
            this.connection = connection;
            checking = Task.Run(() => CheckAsync(checkInterval, stopping.Token));
        }

        public CancellationToken Lost => lost.Token;

        public string? LostReason { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            await checking;
            // Closing the session releases the lock; no unlock statement is needed, and none can fail.
            await connection.DisposeAsync();
            lost.Dispose();
            stopping.Dispose();
        }

        private async Task CheckAsync(TimeSpan interval, CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(interval, ct);
                    await using var command = new NpgsqlCommand("SELECT 1", connection);
                    await command.ExecuteScalarAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                LostReason = $"the leader lock's connection failed: {e.Message}";
                await lost.CancelAsync();
            }
        }
    }
}
