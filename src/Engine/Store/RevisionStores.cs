namespace Berth.Engine.Store;

/// <summary>Opens the revision store a <see cref="DatastoreConfig"/> names. The schema must be migrated first (see Migrations.Migrator).</summary>
public static class RevisionStores
{
    public static Task<IRevisionStore> OpenAsync(DatastoreConfig config, RevisionStoreOptions? options = null, CancellationToken ct = default)
    {
        throw new NotImplementedException();
    }
}
