using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Berth.Engine.Store;

/// <summary>Opens a connection to a datastore and turns "cannot reach it" into one clear <see cref="StoreException"/>.</summary>
public static class Connections
{
    /// <remarks>
    /// PostgreSQL connections come from a <see cref="Postgres.StatelessPool"/>: what is opened here
    /// must leave no session state behind (a session advisory lock is unlocked before it closes).
    /// </remarks>
    public static async Task<DbConnection> OpenAsync(DatastoreConfig config, CancellationToken ct)
    {
        DbConnection connection = config.Kind == DatastoreKind.Postgres
            ? new NpgsqlConnection(Postgres.StatelessPool.For(config.ConnectionString))
            : new SqliteConnection(config.ConnectionString);
        try
        {
            if (config.Kind == DatastoreKind.Sqlite)
            {
                var file = new SqliteConnectionStringBuilder(config.ConnectionString).DataSource;
                if (Path.GetDirectoryName(file) is { Length: > 0 } directory)
                {
                    Directory.CreateDirectory(directory);
                }
            }

            await connection.OpenAsync(ct);
            if (connection is SqliteConnection sqlite)
            {
                await SqlitePragmas.ApplyAsync(sqlite, ct);
            }

            return connection;
        }
        catch (Exception e) when (e is DbException or SocketException or TimeoutException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw Unreachable(config, e);
        }
    }

    public static StoreException Unreachable(DatastoreConfig config, Exception e)
    {
        var reason = e.InnerException is SocketException s ? s.Message : e.Message;
        return new StoreException(StoreErrorCode.Unavailable, $"cannot reach datastore {config.Display}: {reason}", e);
    }
}
