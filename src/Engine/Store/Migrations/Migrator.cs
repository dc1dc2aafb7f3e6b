using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Berth.Engine.Store.Migrations;

/// <summary>
/// Applies <c>migrations/{driver}/*.sql</c> in order, each exactly once and each in its own
/// transaction, recorded in <c>schema_migrations</c>. On PostgreSQL the whole run holds an
/// advisory lock, so servers starting together never race; SQLite's write lock does the same there.
/// </summary>
public static class Migrator
{
    // Any fixed number works; it only has to be the same in every Berth process.
    private const long AdvisoryLockKey = 0x6265727468; // "berth"

    /// <summary>Applies what is missing and returns the versions it applied (empty when up to date).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(DatastoreConfig config, CancellationToken ct = default)
    {
        var migrations = MigrationSource.For(config.Kind);
        await using var connection = await Connections.OpenAsync(config, ct);
        if (config.Kind == DatastoreKind.Postgres)
        {
            await Execute(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
        }
        else
        {
            await SqlitePragmas.EnableWriteAheadLogAsync((SqliteConnection)connection, ct);
        }

        try
        {
            await Execute(connection, null,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", ct);
            var applied = new List<string>();
            foreach (var migration in migrations)
            {
                if (await ApplyOne(connection, config.Kind, migration, ct))
                {
                    applied.Add(migration.Version);
                }
            }

            return applied;
        }
        finally
        {
            if (config.Kind == DatastoreKind.Postgres && connection.State == System.Data.ConnectionState.Open)
            {
                await Execute(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    /// <summary>The versions already applied, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> AppliedAsync(DatastoreConfig config, CancellationToken ct = default)
    {
        var versions = new List<string>();
        if (!await TableExists(config, ct))
        {
            return versions; // a database Berth never migrated
        }

        await using var connection = await Connections.OpenAsync(config, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    private static async Task<bool> TableExists(DatastoreConfig config, CancellationToken ct)
    {
        await using var connection = await Connections.OpenAsync(config, ct);
        await using var command = connection.CreateCommand();
        command.CommandText = config.Kind == DatastoreKind.Postgres
            ? "SELECT to_regclass('schema_migrations') IS NOT NULL"
            : "SELECT count(*) > 0 FROM sqlite_master WHERE name = 'schema_migrations'";
        return Convert.ToBoolean(await command.ExecuteScalarAsync(ct));
    }

    private static async Task<bool> ApplyOne(DbConnection connection, DatastoreKind kind, Migration migration, CancellationToken ct)
    {
        await using var transaction = kind == DatastoreKind.Sqlite
            ? await BeginImmediate((SqliteConnection)connection, ct)
            : await connection.BeginTransactionAsync(ct);

        await using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = @version";
            AddParameter(check, "version", migration.Version);
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct)) > 0)
            {
                return false;
            }
        }

        try
        {
            await Execute(connection, transaction, migration.Sql, ct);
        }
        catch (DbException e)
        {
            // The transaction rolls back on dispose: nothing of this migration stays.
            throw new StoreException(StoreErrorCode.Unavailable, $"migration {migration.Version} failed: {e.Message}", e);
        }

        await using (var record = connection.CreateCommand())
        {
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)";
            AddParameter(record, "version", migration.Version);
            AddParameter(record, "at", DateTimeOffset.UtcNow.ToString("O"));
            await record.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task<DbTransaction> BeginImmediate(SqliteConnection connection, CancellationToken ct)
    {
        // Deferred transactions could interleave two migrators between their check and their write.
        await Task.Yield();
        return connection.BeginTransaction(deferred: false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
