namespace Berth.Engine.Store.Sql;

/// <summary>A workspace's head: its newest revision and the revision history is compacted to.</summary>
internal readonly record struct WorkspaceHead(long Revision, long CompactedRevision);

/// <summary>A row of <c>current_values</c>: the newest state of a key, a tombstone when deleted.</summary>
internal sealed record CurrentRow(string Key, long Revision, long CreateRevision, bool Deleted, byte[] Value)
{
    public KeyValue ToKeyValue() => new(Key, Value, Revision, CreateRevision);
}

/// <summary>A row of the append-only <c>revisions</c> log.</summary>
internal sealed record LogRow(string Key, long Revision, long CreateRevision, long PrevRevision, bool Created, bool Deleted, byte[] Value)
{
    public WatchEvent ToEvent() => new(
        Deleted ? WatchEventType.Deleted : Created ? WatchEventType.Created : WatchEventType.Updated,
        new KeyValue(Key, Value, Revision, CreateRevision));

    public CurrentRow ToCurrent() => new(Key, Revision, CreateRevision, Deleted, Value);
}

/// <summary>A slice of the log read in one snapshot, with the compaction point seen in that same snapshot.</summary>
internal sealed record LogSlice(IReadOnlyList<LogRow> Rows, long CompactedRevision);
