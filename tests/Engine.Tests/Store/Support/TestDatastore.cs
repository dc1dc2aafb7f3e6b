using Berth.Engine.Store;
using Microsoft.Data.Sqlite;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>
/// A fresh, empty, unmigrated datastore of one kind, removed on dispose: a database of its own on
/// the test PostgreSQL server, or a SQLite file in a temporary directory of its own.
/// </summary>
public sealed class TestDatastore : IAsyncDisposable
{
    private readonly Func<Task> _remove;

    private TestDatastore(DatastoreConfig config, Func<Task> remove)
    {
        Config = config;
        _remove = remove;
    }

    public DatastoreConfig Config { get; }

    public static async Task<TestDatastore> CreateAsync(DatastoreKind kind)
    {
        if (kind == DatastoreKind.Postgres)
        {
            var connectionString = await TestPostgres.CreateDatabaseAsync();
            return new TestDatastore(
                new DatastoreConfig(DatastoreKind.Postgres, connectionString),
                () => TestPostgres.DropDatabaseAsync(connectionString));
        }

        var directory = Path.Combine(Path.GetTempPath(), "berth-tests", Guid.NewGuid().ToString("N"));
        var config = DatastoreConfig.Parse("sqlite://" + Path.Combine(directory, "berth.db"), directory);
        return new TestDatastore(config, () =>
        {
            using (var connection = new SqliteConnection(config.ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            return Task.CompletedTask;
        });
    }

    public async ValueTask DisposeAsync() => await _remove();
}
