using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;

namespace Berth.Engine.Tests.Store.Support;

/// <summary>
/// One migrated datastore and an open store on it, shared by the tests of one class. Tests stay
/// independent by each writing to a workspace of its own (each workspace is its own revision space).
/// </summary>
public abstract class StoreFixture(DatastoreKind kind) : IAsyncLifetime
{
    private TestDatastore? _datastore;
    private IRevisionStore? _store;

    public DatastoreKind Kind => kind;

    public DatastoreConfig Config => (_datastore ?? throw new InvalidOperationException("the fixture is not initialized")).Config;

    public IRevisionStore Store => _store ?? throw new InvalidOperationException("the fixture is not initialized");

    /// <summary>Another store on the same database, as a second server process would open it. The caller disposes it.</summary>
    public Task<IRevisionStore> OpenAnotherStoreAsync(RevisionStoreOptions? options = null) =>
        RevisionStores.OpenAsync(Config, options);

    public async Task InitializeAsync()
    {
        _datastore = await TestDatastore.CreateAsync(kind);
        await Migrator.MigrateAsync(_datastore.Config);
        _store = await RevisionStores.OpenAsync(_datastore.Config);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_datastore is not null)
        {
            await _datastore.DisposeAsync();
        }
    }
}

public sealed class PostgresStoreFixture() : StoreFixture(DatastoreKind.Postgres);

public sealed class SqliteStoreFixture() : StoreFixture(DatastoreKind.Sqlite);
