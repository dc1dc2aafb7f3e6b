using Microsoft.Data.Sqlite;

namespace Berth.Engine.Store;

/// <summary>The settings every SQLite connection of Berth runs with.</summary>
public static class SqlitePragmas
{
    /// <summary>Per-connection settings, applied at every open (a pooled connection does not keep them).</summary>
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // NORMAL sync is durable across process crashes in WAL mode and loses at most the last commits on power loss.
        command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// WAL lets readers (lists, watch catch-up) run beside the one writer. It is a property of the
    /// database file, so it is set once, when the file is migrated, not on every open.
    /// </summary>
    public static async Task EnableWriteAheadLogAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(ct);
    }
}
