using Berth.Engine.Store.Sql;
using Berth.Engine.Store.Write;
using Npgsql;

namespace Berth.Engine.Store.Postgres;

/// <summary>
/// The revision log on PostgreSQL. A group commit is one round trip (<see cref="PostgresGroupCommit"/>);
/// its NOTIFY is delivered at commit, so other servers' watch caches wake up only for revisions
/// they can already read.
/// </summary>
/// <param name="origin">This store's name in the notifications it sends (see <see cref="ClosedSuffix"/>).</param>
internal sealed class PostgresDriver(string connectionString, string origin) : IStoreDriver
{
    public const string NotifyChannel = "berth_revisions";

    /// <summary>
    /// The notification <c>workspace:closed:origin</c> ends the workspace's watches in every other
    /// store (<see cref="PostgresWakeups"/>). The sender has closed its own already, and must not
    /// close them again when its own notification comes back: a watch opened in between (on a
    /// workspace's new name, or after a purge) would end for nothing.
    /// </summary>
    public const string ClosedSuffix = "closed";

    private const string RowColumns = "key, revision, create_revision, prev_revision, created, deleted, value";

    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(StatelessPool.For(connectionString));
    private readonly PostgresGroupCommit groupCommit = new(connectionString);

    public string Name => "postgres";

    public Task<BatchPlan> CommitBatchAsync(string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct) =>
        groupCommit.CommitAsync(workspace, ops, ct);

    public async Task<WorkspaceHead> ReadHeadAsync(string workspace, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT revision, compacted_revision FROM workspace_heads WHERE workspace = $1");
        command.Parameters.Add(new() { Value = workspace });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new WorkspaceHead(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    public async Task<IReadOnlyList<string>> ReadWorkspacesAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT workspace FROM workspace_heads ORDER BY workspace");
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
        await using var command = dataSource.CreateCommand(
            "SELECT key, revision, create_revision, deleted, value FROM current_values WHERE workspace = $1 AND key = $2");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = key });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadCurrentRow(reader) : null;
    }

    public async Task<LogRow?> ReadAtAsync(string workspace, string key, long revision, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {RowColumns} FROM revisions WHERE workspace = $1 AND key = $2 AND revision <= $3 ORDER BY revision DESC LIMIT 1");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = revision });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadLogRow(reader, 0) : null;
    }

    public async Task<IReadOnlyList<CurrentRow>> ScanCurrentAsync(string workspace, string startKey, bool startInclusive, string? endKey, long tombstonesAfter, int limit, CancellationToken ct)
    {
        var start = startInclusive ? ">=" : ">";
        var end = endKey is null ? "" : "AND key < $5";
        await using var command = dataSource.CreateCommand(
            $"SELECT key, revision, create_revision, deleted, value FROM current_values " +
            $"WHERE workspace = $1 AND key {start} $2 {end} AND (NOT deleted OR revision > $3) ORDER BY key LIMIT $4");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = startKey });
        command.Parameters.Add(new() { Value = tombstonesAfter });
        command.Parameters.Add(new() { Value = limit });
        if (endKey is not null)
        {
            command.Parameters.Add(new() { Value = endKey });
        }

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
        // One statement, one snapshot: the compaction point is the one that held when these rows were read.
        await using var command = dataSource.CreateCommand(
            $"SELECT h.compacted_revision, r.* FROM workspace_heads h LEFT JOIN LATERAL (" +
            $"SELECT {RowColumns} FROM revisions WHERE workspace = $1 AND revision > $2 ORDER BY revision LIMIT $3) r ON true " +
            "WHERE h.workspace = $1");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = afterRevision });
        command.Parameters.Add(new() { Value = limit });
        var rows = new List<LogRow>();
        long compacted = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            compacted = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                rows.Add(ReadLogRow(reader, 1));
            }
        }

        return new LogSlice(rows, compacted);
    }

    public async Task<IReadOnlyList<LogRow>> ReadHistoryAsync(string workspace, string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RowColumns} FROM revisions WHERE workspace = $1 AND key = $2 ORDER BY revision");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = key });
        var rows = new List<LogRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(ReadLogRow(reader, 0));
        }

        return rows;
    }

    public async Task<WorkspaceHead> RaiseCompactedRevisionAsync(string workspace, long revision, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE workspace_heads SET compacted_revision = GREATEST(compacted_revision, $2) WHERE workspace = $1 RETURNING revision, compacted_revision");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = revision });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new WorkspaceHead(reader.GetInt64(0), reader.GetInt64(1)) : default;
    }

    public async Task<long> CompactRangeAsync(string workspace, long fromRevision, long toRevision, long compactRevision, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM revisions r WHERE r.workspace = $1 AND r.revision > $2 AND r.revision <= $3 AND (r.deleted OR EXISTS (" +
            "SELECT 1 FROM revisions n WHERE n.workspace = $1 AND n.key = r.key AND n.revision > r.revision AND n.revision <= $4))");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = fromRevision });
        command.Parameters.Add(new() { Value = toRevision });
        command.Parameters.Add(new() { Value = compactRevision });
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> RemoveTombstonesAsync(string workspace, long compactRevision, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM current_values WHERE workspace = $1 AND deleted AND revision <= $2");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = compactRevision });
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task MarkRevisionAsync(string workspace, long atUnixMs, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO revision_marks (workspace, marked_at, revision) SELECT workspace, $2, revision FROM workspace_heads WHERE workspace = $1 ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = atUnixMs });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<long?> ReadMarkedRevisionAsync(string workspace, long atUnixMs, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT revision FROM revision_marks WHERE workspace = $1 AND marked_at <= $2 ORDER BY marked_at DESC LIMIT 1");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = atUnixMs });
        return await command.ExecuteScalarAsync(ct) is long revision ? revision : null;
    }

    public async Task RemoveMarksBelowAsync(string workspace, long compactRevision, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM revision_marks WHERE workspace = $1 AND revision < $2");
        command.Parameters.Add(new() { Value = workspace });
        command.Parameters.Add(new() { Value = compactRevision });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task PurgeAsync(string workspace, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in WorkspacePurge.Statements(lockHead: "SELECT 1 FROM workspace_heads WHERE workspace = $1 FOR UPDATE"))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql) { Parameters = { new() { Value = workspace } } });
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task AnnounceClosedAsync(string workspace, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_notify($1, $2)");
        command.Parameters.Add(new() { Value = NotifyChannel });
        command.Parameters.Add(new() { Value = $"{workspace}:{ClosedSuffix}:{origin}" });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await groupCommit.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    private static CurrentRow ReadCurrentRow(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3), reader.GetFieldValue<byte[]>(4));

    private static LogRow ReadLogRow(NpgsqlDataReader reader, int o) => new(
        reader.GetString(o), reader.GetInt64(o + 1), reader.GetInt64(o + 2), reader.GetInt64(o + 3),
        reader.GetBoolean(o + 4), reader.GetBoolean(o + 5), reader.GetFieldValue<byte[]>(o + 6));
}
