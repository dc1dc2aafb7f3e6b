namespace Berth.Engine.Store;

/// <summary>Why a store call failed. The API maps each to a Kubernetes Status reason.</summary>
public enum StoreErrorCode
{
    /// <summary>Create of a key that is live (409 AlreadyExists).</summary>
    AlreadyExists,

    /// <summary>Compare-and-swap with a stale revision (409 Conflict).</summary>
    Conflict,

    /// <summary>Update or delete of a key that is not live (404 NotFound).</summary>
    NotFound,

    /// <summary>Read or watch below the compacted revision (410 Gone).</summary>
    Compacted,

    /// <summary>Read at a revision the workspace has not reached yet (504 Timeout, "too large resource version").</summary>
    FutureRevision,

    /// <summary>A workspace name, key or continue token that does not parse (400 BadRequest).</summary>
    InvalidArgument,

    /// <summary>A watcher that fell too far behind the live stream and was cut off (the client re-watches).</summary>
    WatcherTooSlow,

    /// <summary>The database could not be reached or failed (503).</summary>
    Unavailable,
}
