namespace Berth.Engine.Store;

/// <summary>What a compaction did: the revision history is now kept from, and how many superseded rows it removed.</summary>
public sealed record CompactResult(long CompactedRevision, long RowsRemoved);
