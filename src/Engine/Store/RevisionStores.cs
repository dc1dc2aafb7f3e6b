using Berth.Engine.Store.Postgres;
using Berth.Engine.Store.Sql;
using Berth.Engine.Store.Sqlite;
using Microsoft.Extensions.Logging;

namespace Berth.Engine.Store;

/// <summary>Opens the revision store a <see cref="DatastoreConfig"/> names. The schema must be migrated first (see Migrations.Migrator).</summary>
public static class RevisionStores
{
    public static async Task<IRevisionStore> OpenAsync(DatastoreConfig config, RevisionStoreOptions? options = null, CancellationToken ct = default)
    {
        options ??= new RevisionStoreOptions();
        // Names this store in the notifications it sends, so it can tell its own from other replicas'.
        var origin = Guid.NewGuid().ToString("N");
        IRevisionStore store = config.Kind switch
        {
            DatastoreKind.Postgres => new SqlRevisionStore(
                new PostgresDriver(config.ConnectionString, origin),
                options,
                cache => new PostgresWakeups(config.ConnectionString, origin, cache, options.LoggerFactory.CreateLogger<PostgresWakeups>())),
            _ => new SqlRevisionStore(new SqliteDriver(config), options, _ => null),
        };

        try
        {
            await store.CheckHealthAsync(ct);
            return store;
        }
        catch (StoreException e)
        {
            await store.DisposeAsync();
            throw Connections.Unreachable(config, e.InnerException ?? e);
        }
    }
}
