namespace Berth.Engine.Store;

/// <summary>
/// One key's value as of one revision. <see cref="Revision"/> is the revision of the row that
/// holds it (the object's resourceVersion); <see cref="CreateRevision"/> is the revision that
/// created this incarnation of the key (a delete and re-create starts a new one).
/// </summary>
public sealed record KeyValue(string Key, byte[] Value, long Revision, long CreateRevision);
