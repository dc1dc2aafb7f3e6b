using Microsoft.Data.Sqlite;

namespace Berth.Engine.Store;

/// <summary>The settings every SQLite connection of Berth runs with.</summary>
internal static class SqlitePragmas
{
    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // WAL lets readers (lists, watch catch-up) run beside the one writer; NORMAL sync is
        // durable across process crashes and loses at most the last commits on power loss in WAL mode.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        await command.ExecuteNonQueryAsync(ct);
    }
}
