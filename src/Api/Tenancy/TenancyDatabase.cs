using System.Data.Common;
using Berth.Engine.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Berth.Api.Tenancy;

/// <summary>Points <see cref="TenancyDb"/> at the server's datastore, PostgreSQL or SQLite, the one the revision log uses.</summary>
internal static class TenancyDatabase
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatastoreConfig datastore) =>
        datastore.Kind == DatastoreKind.Postgres
            ? options.UseNpgsql(datastore.ConnectionString)
            : options.UseSqlite(datastore.ConnectionString).AddInterceptors(SqliteSettings.Instance);

    public static TenancyDb Open(DatastoreConfig datastore) =>
        new((DbContextOptions<TenancyDb>)Configure(new DbContextOptionsBuilder<TenancyDb>(), datastore).Options);

    /// <summary>EF opens its own SQLite connections; each gets the settings the store's connections have (busy timeout, foreign keys).</summary>
    private sealed class SqliteSettings : DbConnectionInterceptor
    {
        public static readonly SqliteSettings Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
            SqlitePragmas.ApplyAsync((SqliteConnection)connection, CancellationToken.None).GetAwaiter().GetResult();

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
            SqlitePragmas.ApplyAsync((SqliteConnection)connection, cancellationToken);
    }
}
