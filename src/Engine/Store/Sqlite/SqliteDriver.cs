using Berth.Engine.Store.Sql;
using Berth.Engine.Store.Write;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Store.Sqlite;

/// <summary>
/// The revision log in an embedded SQLite file, for a one-machine Berth (like k3s's default).
/// SQLite has one writer at a time; BEGIN IMMEDIATE takes that lock up front, which is what the
/// head lock is on PostgreSQL. Readers run beside the writer in WAL mode.
/// </summary>
internal sealed class SqliteDriver(DatastoreConfig config) : IStoreDriver
{
    private const string RowColumns = "key, revision, create_revision, prev_revision, created, deleted, value";

    public string Name => "sqlite";

    public async Task<BatchPlan> CommitBatchAsync(string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false); // rolls back unless committed
        var head = await ReadHeadAsync(connection, transaction, workspace, ct);
        var current = await ReadCurrentRowsAsync(connection, transaction, workspace, ops, ct);
        var plan = BatchPlanner.Plan(head, current, ops);
        if (plan.Rows.Count > 0)
        {
            await AppendAsync(connection, transaction, workspace, plan, ct);
            await transaction.CommitAsync(ct);
        }

        return plan;
    }

    public async Task<WorkspaceHead> ReadHeadAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadHeadAsync(connection, null, workspace, ct);
    }

    public async Task<IReadOnlyList<string>> ReadWorkspacesAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT workspace FROM workspace_heads ORDER BY workspace");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var workspaces = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            workspaces.Add(reader.GetString(0));
        }

        return workspaces;
    }

    public async Task<CurrentRow?> ReadCurrentAsync(string workspace, string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT key, revision, create_revision, deleted, value FROM current_values WHERE workspace = $ws AND key = $key",
            ("$ws", workspace), ("$key", key));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadCurrentRow(reader) : null;
    }

    public async Task<LogRow?> ReadAtAsync(string workspace, string key, long revision, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            $"SELECT {RowColumns} FROM revisions WHERE workspace = $ws AND key = $key AND revision <= $rev ORDER BY revision DESC LIMIT 1",
            ("$ws", workspace), ("$key", key), ("$rev", revision));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadLogRow(reader) : null;
    }

    public async Task<IReadOnlyList<CurrentRow>> ScanCurrentAsync(string workspace, string startKey, bool startInclusive, string? endKey, long tombstonesAfter, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var start = startInclusive ? ">=" : ">";
        var end = endKey is null ? "" : "AND key < $end";
        await using var command = Command(connection,
            $"SELECT key, revision, create_revision, deleted, value FROM current_values WHERE workspace = $ws AND key {start} $start {end} " +
            "AND (deleted = 0 OR revision > $pinned) ORDER BY key LIMIT $limit",
            ("$ws", workspace), ("$start", startKey), ("$end", (object?)endKey ?? DBNull.Value), ("$pinned", tombstonesAfter), ("$limit", limit));
        var rows = new List<CurrentRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadCurrentRow(reader));
        }

        return rows;
    }

    public async Task<LogSlice> ReadLogAsync(string workspace, long afterRevision, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // One read transaction, one snapshot: the compaction point is the one that held when the rows were read.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var head = await ReadHeadAsync(connection, transaction, workspace, ct);
        await using var command = Command(connection,
            $"SELECT {RowColumns} FROM revisions WHERE workspace = $ws AND revision > $after ORDER BY revision LIMIT $limit",
            ("$ws", workspace), ("$after", afterRevision), ("$limit", limit));
        command.Transaction = transaction;
        var rows = new List<LogRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadLogRow(reader));
        }

        return new LogSlice(rows, head.CompactedRevision);
    }

    public async Task<IReadOnlyList<LogRow>> ReadHistoryAsync(string workspace, string key, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            $"SELECT {RowColumns} FROM revisions WHERE workspace = $ws AND key = $key ORDER BY revision", ("$ws", workspace), ("$key", key));
        var rows = new List<LogRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadLogRow(reader));
        }

        return rows;
    }

    public async Task<WorkspaceHead> RaiseCompactedRevisionAsync(string workspace, long revision, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "UPDATE workspace_heads SET compacted_revision = max(compacted_revision, $rev) WHERE workspace = $ws RETURNING revision, compacted_revision",
            ("$ws", workspace), ("$rev", revision));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new WorkspaceHead(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    public async Task<long> CompactRangeAsync(string workspace, long fromRevision, long toRevision, long compactRevision, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "DELETE FROM revisions AS r WHERE r.workspace = $ws AND r.revision > $from AND r.revision <= $to AND (r.deleted = 1 OR EXISTS (" +
            "SELECT 1 FROM revisions n WHERE n.workspace = $ws AND n.key = r.key AND n.revision > r.revision AND n.revision <= $compact))",
            ("$ws", workspace), ("$from", fromRevision), ("$to", toRevision), ("$compact", compactRevision));
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> RemoveTombstonesAsync(string workspace, long compactRevision, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "DELETE FROM current_values WHERE workspace = $ws AND deleted = 1 AND revision <= $rev", ("$ws", workspace), ("$rev", compactRevision));
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task MarkRevisionAsync(string workspace, long atUnixMs, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "INSERT OR IGNORE INTO revision_marks (workspace, marked_at, revision) SELECT workspace, $at, revision FROM workspace_heads WHERE workspace = $ws",
            ("$ws", workspace), ("$at", atUnixMs));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<long?> ReadMarkedRevisionAsync(string workspace, long atUnixMs, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "SELECT revision FROM revision_marks WHERE workspace = $ws AND marked_at <= $at ORDER BY marked_at DESC LIMIT 1", ("$ws", workspace), ("$at", atUnixMs));
        return await command.ExecuteScalarAsync(ct) is long revision ? revision : null;
    }

    public async Task RemoveMarksBelowAsync(string workspace, long compactRevision, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection,
            "DELETE FROM revision_marks WHERE workspace = $ws AND revision < $rev", ("$ws", workspace), ("$rev", compactRevision));
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task PurgeAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false); // the write lock is the head lock here
        foreach (var sql in WorkspacePurge.Statements(lockHead: null))
        {
            await using var command = Command(connection, sql.Replace("$1", "$ws", StringComparison.Ordinal), ("$ws", workspace));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>One process holds an SQLite file: there is nobody else to tell.</summary>
    public Task AnnounceClosedAsync(string workspace, CancellationToken ct) => Task.CompletedTask;

    public async Task PingAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, "SELECT count(*) FROM workspace_heads");
        await command.ExecuteScalarAsync(ct);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(config.ConnectionString);
        await connection.OpenAsync(ct);
        await SqlitePragmas.ApplyAsync(connection, ct);
        return connection;
    }

    private static async Task<WorkspaceHead> ReadHeadAsync(SqliteConnection connection, SqliteTransaction? transaction, string workspace, CancellationToken ct)
    {
        await using var command = Command(connection, "SELECT revision, compacted_revision FROM workspace_heads WHERE workspace = $ws", ("$ws", workspace));
        command.Transaction = transaction;
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new WorkspaceHead(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static CurrentRow ReadCurrentRow(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3) != 0, (byte[])reader.GetValue(4));

    private static LogRow ReadLogRow(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
        reader.GetInt64(4) != 0, reader.GetInt64(5) != 0, (byte[])reader.GetValue(6));

    private static async Task<Dictionary<string, CurrentRow>> ReadCurrentRowsAsync(
        SqliteConnection connection, SqliteTransaction transaction, string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct)
    {
        var current = new Dictionary<string, CurrentRow>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = ops.Select((_, i) => "$k" + i).ToList();
        command.CommandText = "SELECT key, revision, create_revision, deleted, value FROM current_values " +
                              $"WHERE workspace = $ws AND key IN ({string.Join(',', names)})";
        command.Parameters.AddWithValue("$ws", workspace);
        for (var i = 0; i < ops.Count; i++)
        {
            command.Parameters.AddWithValue(names[i], ops[i].Key);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = ReadCurrentRow(reader);
            current[row.Key] = row;
        }

        return current;
    }

    /// <summary>Appends the plan's rows, replaces its current rows and moves the head, inside <paramref name="transaction"/>.</summary>
    private static async Task AppendAsync(SqliteConnection connection, SqliteTransaction transaction, string workspace, BatchPlan plan, CancellationToken ct)
    {
        await using (var append = Command(connection,
            "INSERT INTO revisions (workspace, key, revision, create_revision, prev_revision, created, deleted, value) " +
            "VALUES ($ws, $key, $rev, $create, $prev, $created, $deleted, $value)",
            ("$ws", workspace), ("$key", ""), ("$rev", 0L), ("$create", 0L), ("$prev", 0L), ("$created", 0), ("$deleted", 0), ("$value", Array.Empty<byte>())))
        {
            append.Transaction = transaction;
            foreach (var row in plan.Rows)
            {
                append.Parameters["$key"].Value = row.Key;
                append.Parameters["$rev"].Value = row.Revision;
                append.Parameters["$create"].Value = row.CreateRevision;
                append.Parameters["$prev"].Value = row.PrevRevision;
                append.Parameters["$created"].Value = row.Created ? 1 : 0;
                append.Parameters["$deleted"].Value = row.Deleted ? 1 : 0;
                append.Parameters["$value"].Value = row.Value;
                await append.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var upsert = Command(connection,
            "INSERT INTO current_values (workspace, key, revision, create_revision, deleted, value) VALUES ($ws, $key, $rev, $create, $deleted, $value) " +
            "ON CONFLICT (workspace, key) DO UPDATE SET revision = excluded.revision, create_revision = excluded.create_revision, " +
            "deleted = excluded.deleted, value = excluded.value",
            ("$ws", workspace), ("$key", ""), ("$rev", 0L), ("$create", 0L), ("$deleted", 0), ("$value", Array.Empty<byte>())))
        {
            upsert.Transaction = transaction;
            foreach (var row in plan.Current)
            {
                upsert.Parameters["$key"].Value = row.Key;
                upsert.Parameters["$rev"].Value = row.Revision;
                upsert.Parameters["$create"].Value = row.CreateRevision;
                upsert.Parameters["$deleted"].Value = row.Deleted ? 1 : 0;
                upsert.Parameters["$value"].Value = row.Value;
                await upsert.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var move = Command(connection,
            "INSERT INTO workspace_heads (workspace, revision) VALUES ($ws, $rev) ON CONFLICT (workspace) DO UPDATE SET revision = excluded.revision",
            ("$ws", workspace), ("$rev", plan.NewRevision)))
        {
            move.Transaction = transaction;
            await move.ExecuteNonQueryAsync(ct);
        }
    }
}
