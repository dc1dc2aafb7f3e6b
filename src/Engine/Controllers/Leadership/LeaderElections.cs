using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Store;

namespace Berth.Engine.Controllers.Leadership;

/// <summary>The leader election that suits a datastore.</summary>
public static class LeaderElections
{
    public static ILeaderElection For(DatastoreConfig datastore, ControllerOptions options) => datastore.Kind switch
    {
        DatastoreKind.Postgres => new PostgresLeaderLock(datastore.ConnectionString, options.LeaderCheckInterval),
        _ => new SingleProcessLeadership(),
    };
}
