using System.Collections.Concurrent;
using Berth.Engine.Store.Sql;
using Berth.Engine.Store.Write;
using Npgsql;
using NpgsqlTypes;

namespace Berth.Engine.Store.Postgres;

/// <summary>
/// One group commit on PostgreSQL in one round trip: a single batch of two statements, which
/// PostgreSQL runs as one implicit transaction (there is no BEGIN or COMMIT to send). The first
/// locks the workspace's head row; the second, which starts after the lock is held and so sees
/// every write the previous holder committed, judges the writes, appends the ones that succeed,
/// replaces their current rows, moves the head and queues the NOTIFY, all in one statement.
/// Both are prepared once per connection of the group commit's own pool, and planned once: left to
/// itself, PostgreSQL planned the judging statement afresh for every commit (it never found the
/// generic plan cheaper than a custom one), which cost more CPU than running it. That one plan must
/// suit every size the table will grow to, so the current rows are read by a lateral lookup per key
/// that the planner cannot flatten (<c>OFFSET 0</c>): an index probe of each of the batch's keys.
/// As a plain join, a plan made while the table was small (a new database's first minute, before
/// autoanalyze) read every current row of the workspace and hashed them, for every commit until the
/// next ANALYZE: 2.5 ms a commit at 8,000 objects instead of 0.3, growing with the workspace.
/// <para>
/// The statement judges a write exactly as <see cref="BatchPlanner"/> does for one write per key (a
/// create needs no live row; an update or delete needs a live row at the expected revision, if one
/// is given) and numbers the successful ones from the head in batch order, so revisions stay
/// gapless. It returns the head and the current row each write was judged against; the planner,
/// run on those, gives every write its outcome, and must arrive at the head the statement moved to.
/// </para>
/// </summary>
internal sealed class PostgresGroupCommit(string connectionString) : IAsyncDisposable
{
    private const string LockHead = "SELECT 1 FROM workspace_heads WHERE workspace = $1 FOR UPDATE";

    // kind: 0 create, 1 update, 2 delete. A delete's row carries the value it deletes, as the planner's does.
    private const string JudgeAndAppend = """
        WITH op AS (
            SELECT * FROM unnest($2::text[], $3::smallint[], $4::bigint[], $5::json[]) WITH ORDINALITY AS o(key, kind, expected, value, ord)
        ), head AS (
            SELECT revision FROM workspace_heads WHERE workspace = $1
        ), judged AS (
            SELECT op.*, c.revision AS cur_revision, c.create_revision AS cur_create, c.deleted AS cur_deleted, c.value AS cur_value,
                   CASE WHEN op.kind = 0 THEN c.revision IS NULL OR c.deleted
                        ELSE c.revision IS NOT NULL AND NOT c.deleted AND (op.expected IS NULL OR op.expected = c.revision) END AS ok
            FROM op LEFT JOIN LATERAL (
                SELECT * FROM current_values cv WHERE cv.workspace = $1 AND cv.key = op.key OFFSET 0
            ) c ON true
        ), planned AS (
            SELECT key, kind = 0 AS created, kind = 2 AS deleted, coalesce(cur_revision, 0) AS prev_revision,
                   (SELECT revision FROM head) + row_number() OVER (ORDER BY ord) AS revision,
                   cur_create, CASE WHEN kind = 2 THEN cur_value ELSE value END AS value
            FROM judged WHERE ok
        ), appended AS (
            INSERT INTO revisions (workspace, key, revision, create_revision, prev_revision, created, deleted, value)
            SELECT $1, key, revision, CASE WHEN created THEN revision ELSE cur_create END, prev_revision, created, deleted, value FROM planned
        ), replaced AS (
            INSERT INTO current_values (workspace, key, revision, create_revision, deleted, value)
            SELECT $1, key, revision, CASE WHEN created THEN revision ELSE cur_create END, deleted, value FROM planned
            ON CONFLICT (workspace, key) DO UPDATE SET revision = excluded.revision, create_revision = excluded.create_revision,
                deleted = excluded.deleted, value = excluded.value
        ), moved AS (
            UPDATE workspace_heads SET revision = revision + (SELECT count(*) FROM planned)
            WHERE workspace = $1 AND EXISTS (SELECT 1 FROM planned)
            RETURNING revision, pg_notify($6, $1 || ':' || revision)
        )
        SELECT (SELECT revision FROM head), (SELECT revision FROM moved),
               cur_revision, cur_create, cur_deleted, CASE WHEN kind = 2 THEN cur_value END
        FROM judged ORDER BY ord
        """;

    // Workspaces whose head row this process has seen exist (heads are never removed): only a
    // workspace's first write here pays for making sure it has one.
    private readonly ConcurrentDictionary<string, bool> knownHeads = new(StringComparer.Ordinal);

    // Its own pool: statements prepared on first use, plans generic, and as these connections never
    // change session state, no reset when they go back to the pool (it would cost the next commit a statement).
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(WritePool(connectionString));

    /// <summary>Commits <paramref name="ops"/> (one per key) as one transaction and returns each one's outcome.</summary>
    public async Task<BatchPlan> CommitAsync(string workspace, IReadOnlyList<WriteOp> ops, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        if (!knownHeads.ContainsKey(workspace))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("INSERT INTO workspace_heads (workspace) VALUES ($1) ON CONFLICT DO NOTHING")
            {
                Parameters = { new() { Value = workspace } },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(LockHead) { Parameters = { new() { Value = workspace } } });
        batch.BatchCommands.Add(JudgeAndAppendCommand(workspace, ops));

        var current = new Dictionary<string, CurrentRow>(StringComparer.Ordinal);
        long head = 0;
        long? moved = null;
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            // Skip to the last statement's rows: the others return nothing we need.
            while (reader.FieldCount != 6 && await reader.NextResultAsync(ct))
            {
            }

            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                head = reader.GetInt64(0);
                moved = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                if (!reader.IsDBNull(2))
                {
                    // Only a delete needs the value it replaces (its tombstone carries it); for the others it stays empty.
                    var value = reader.IsDBNull(5) ? [] : reader.GetFieldValue<byte[]>(5);
                    current[ops[i].Key] = new CurrentRow(ops[i].Key, reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4), value);
                }
            }
        }
        catch
        {
            knownHeads.TryRemove(workspace, out _); // the next commit makes sure of the head again
            throw;
        }

        knownHeads.TryAdd(workspace, true);
        var plan = BatchPlanner.Plan(new WorkspaceHead(head, 0), current, ops);
        if (plan.NewRevision != (moved ?? head))
        {
            throw new InvalidOperationException(
                $"group commit of workspace {workspace}: the database moved the head to {moved ?? head}, the planner expected {plan.NewRevision}");
        }

        return plan;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static string WritePool(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(StatelessPool.For(connectionString, prepareAfter: 1));
        builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return builder.ConnectionString;
    }

    private static NpgsqlBatchCommand JudgeAndAppendCommand(string workspace, IReadOnlyList<WriteOp> ops)
    {
        var keys = new string[ops.Count];
        var kinds = new short[ops.Count];
        var expected = new long?[ops.Count];
        var values = new byte[]?[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            keys[i] = ops[i].Key;
            kinds[i] = (short)ops[i].Kind;
            expected[i] = ops[i].ExpectedRevision;
            values[i] = ops[i].Value;
        }

        return new NpgsqlBatchCommand(JudgeAndAppend)
        {
            Parameters =
            {
                new() { Value = workspace },
                new() { Value = keys },
                new() { Value = kinds },
                new() { Value = expected },
                new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json },
                new() { Value = PostgresDriver.NotifyChannel },
            },
        };
    }
}
