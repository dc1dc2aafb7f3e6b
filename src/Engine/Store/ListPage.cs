namespace Berth.Engine.Store;

/// <summary>
/// A page of a list. <see cref="Revision"/> is the revision the whole list is consistent at;
/// <see cref="Continue"/> is null on the last page, otherwise an opaque token that reads the
/// next page at that same revision.
/// </summary>
public sealed record ListPage(IReadOnlyList<KeyValue> Items, long Revision, string? Continue);
