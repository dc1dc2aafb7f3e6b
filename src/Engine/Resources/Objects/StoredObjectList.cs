using System.Text.Json.Nodes;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// A page of objects as the store holds them (selected, but not parsed), for a caller that writes
/// them out item by item (<see cref="ResourceVersionSplice"/>) instead of building the list as JSON
/// objects first. <see cref="ObjectList"/> is the same page parsed.
/// </summary>
public sealed record StoredObjectList(IReadOnlyList<KeyValue> Items, long Revision, string? Continue)
{
    /// <summary>The list's own <c>metadata</c>, as <see cref="ObjectList.Metadata()"/> writes it.</summary>
    public JsonObject Metadata() => ObjectList.Metadata(Revision, Continue);
}
