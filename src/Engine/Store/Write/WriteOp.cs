namespace Berth.Engine.Store.Write;

internal enum WriteKind
{
    Create,
    Update,
    Delete,
}

/// <summary>One requested write, before it has a revision.</summary>
internal sealed record WriteOp(WriteKind Kind, string Key, byte[]? Value, long? ExpectedRevision);
