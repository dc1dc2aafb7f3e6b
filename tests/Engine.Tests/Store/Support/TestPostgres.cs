using Npgsql;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>The PostgreSQL server the tests run against, named by <c>BERTH_TEST_POSTGRES</c>, and its throwaway databases.</summary>
internal static class TestPostgres
{
    public const string Variable = "BERTH_TEST_POSTGRES";

    /// <summary>
    /// The server's connection string. The PostgreSQL tests fail without one rather than skip:
    /// a green run that never touched the production driver would hide exactly what matters.
    /// </summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set, so the PostgreSQL tests have no server to run against. " +
                $"Run ./test.sh, which starts a throwaway PostgreSQL and sets {Variable}, or point it at a server " +
                $"whose user may create databases, e.g. {Variable}='Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'.");

    /// <summary>Creates an empty database of its own and returns the connection string that names it.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "berth_t_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        // FORCE ends the pooled connections a disposed store may leave open.
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
