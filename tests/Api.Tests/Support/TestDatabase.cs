using Npgsql;

namespace Berth.Tests.Support;

/// <summary>
/// A database of its own for one test, in the PostgreSQL that <c>BERTH_TEST_POSTGRES</c> names
/// (./test.sh starts a throwaway one), dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "BERTH_TEST_POSTGRES";

    private readonly string serverConnectionString;

    private TestDatabase(string serverConnectionString, string name)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        ConnectionString = builder.ConnectionString;
        Url = $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{name}";
    }

    public static bool IsConfigured => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public string Name { get; }

    /// <summary>The Npgsql form, <c>Host=...;Database=...</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>The URL form users type, <c>postgres://user@host:port/db</c>.</summary>
    public string Url { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? throw new InvalidOperationException($"{EnvironmentVariable} is not set; ./test.sh sets it");
        var name = "berth_test_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(serverConnectionString);
            await connection.OpenAsync();
            // FORCE ends the sessions a server under test may still hold in its pool.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Left behind in a throwaway server: harmless, and not the behaviour under test.
        }
    }
}
