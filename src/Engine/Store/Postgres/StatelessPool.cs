using System.Collections.Concurrent;
using Npgsql;

namespace Berth.Engine.Store.Postgres;

/// <summary>
/// The settings of a pool whose connections never change session state (no SET, no session
/// advisory lock left held, no LISTEN, no temporary table): nothing to reset when one goes back to
/// the pool, so Npgsql's <c>DISCARD ALL</c> (a round trip before the next statement) is skipped,
/// and statements used more than once are prepared server-side and stay prepared on the connection.
/// A token check or a key read is then one round trip instead of two, and skips parse and plan.
/// </summary>
public static class StatelessPool
{
    private static readonly ConcurrentDictionary<string, string> Tuned = new(StringComparer.Ordinal);

    /// <param name="connectionString">The datastore's connection string, as the operator gave it.</param>
    /// <param name="prepareAfter">How many uses make a statement worth preparing.</param>
    public static string For(string connectionString, int prepareAfter = 2) =>
        Tuned.GetOrAdd(prepareAfter == 2 ? connectionString : $"{prepareAfter}|{connectionString}", _ =>
            new NpgsqlConnectionStringBuilder(connectionString)
            {
                NoResetOnClose = true,
                MaxAutoPrepare = 64,
                AutoPrepareMinUsages = prepareAfter,
            }.ConnectionString);
}
