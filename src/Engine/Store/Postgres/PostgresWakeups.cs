using Berth.Engine.Store.Watch;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Berth.Engine.Store.Postgres;

/// <summary>
/// One LISTEN connection per process that turns commits by any server into wake-ups of this
/// process's watch cache. A notification is only a hint (they are not stored); the log, read by
/// revision, stays the source of truth, and after a reconnect every feed re-reads it.
/// </summary>
internal sealed class PostgresWakeups : IAsyncDisposable
{
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(10);

    private readonly string connectionString;
    private readonly WatchCache cache;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    private readonly string origin;

    /// <param name="origin">The name the store's own notifications carry: its "closed" ones are not acted on twice.</param>
    public PostgresWakeups(string connectionString, string origin, WatchCache cache, ILogger logger)
    {
        this.origin = origin;
        // Its own unpooled connection: a LISTEN must not go back to a pool where another caller would get it.
        this.connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        this.cache = cache;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        await loop;
        stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += OnNotification;
                await connection.OpenAsync(stopping.Token);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDriver.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping.Token);
                }

                if (failures > 0)
                {
                    logger.LogInformation("watch notifications are back after {Failures} failed attempts", failures);
                }

                failures = 0;
                cache.WakeAll(); // whatever was committed while we were not listening
                while (!stopping.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(IdleCheck, stopping.Token))
                    {
                        // Quiet for a while: make sure the connection is still alive rather than silently dead.
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stopping.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                if (failures == 1)
                {
                    logger.LogWarning("watch notifications lost: {Reason}; reconnecting", e.Message);
                }

                try
                {
                    await Task.Delay(Backoff.After(failures), stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        // Workspace names have no ':' (they are DNS labels): the first one ends the name.
        var colon = e.Payload.IndexOf(':');
        if (colon <= 0)
        {
            return;
        }

        var rest = e.Payload.AsSpan(colon + 1);
        if (long.TryParse(rest, out var revision))
        {
            cache.Wake(e.Payload[..colon], revision);
        }
        else if (rest.StartsWith(PostgresDriver.ClosedSuffix + ":") && !rest[(PostgresDriver.ClosedSuffix.Length + 1)..].SequenceEqual(origin))
        {
            // A workspace renamed or deleted on another replica: its watches end here too.
            _ = cache.CloseAsync(e.Payload[..colon]);
        }
    }
}
