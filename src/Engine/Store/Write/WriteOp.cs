namespace Berth.Engine.Store.Write;

/// <summary>The kinds of write; PostgreSQL's group commit statement knows them by these numbers.</summary>
internal enum WriteKind : short
{
    Create = 0,
    Update = 1,
    Delete = 2,
}

/// <summary>One requested write, before it has a revision.</summary>
internal sealed record WriteOp(WriteKind Kind, string Key, byte[]? Value, long? ExpectedRevision);
