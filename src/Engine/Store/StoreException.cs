namespace Berth.Engine.Store;

/// <summary>A store call that failed for a reason the caller can act on; see <see cref="Code"/>.</summary>
public sealed class StoreException(StoreErrorCode code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public StoreErrorCode Code { get; } = code;

    /// <summary>For <see cref="StoreErrorCode.Conflict"/>: the revision the key really has now.</summary>
    public long? ActualRevision { get; init; }

    /// <summary>For <see cref="StoreErrorCode.Compacted"/>: the oldest revision still readable.</summary>
    public long? CompactedRevision { get; init; }
}
