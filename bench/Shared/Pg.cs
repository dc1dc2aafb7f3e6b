using Npgsql;

namespace Berth.Bench;

internal static class Pg
{
    public static NpgsqlConnectionStringBuilder Builder(string connectionString, string? database = null)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (database != null)
        {
            b.Database = database;
        }

        return b;
    }

    /// <summary>Drops and creates <paramref name="database"/> so every run starts from an empty one.</summary>
    public static async Task RecreateDatabaseAsync(string connectionString, string database)
    {
        await using var admin = new NpgsqlConnection(Builder(connectionString, "postgres").ConnectionString);
        await admin.OpenAsync();
        await ExecAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await ExecAsync(admin, $"CREATE DATABASE {database}");
    }

    public static async Task ExecAsync(NpgsqlConnection connection, string sql, int timeoutSeconds = 0)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = timeoutSeconds };
        await command.ExecuteNonQueryAsync();
    }

    public static async Task ExecAsync(string connectionString, string sql, int timeoutSeconds = 0)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecAsync(connection, sql, timeoutSeconds);
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
