using System.Text.Json.Nodes;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// One event of a watch, typed as Kubernetes types them. An event read from the store keeps the
/// stored value (<see cref="Stored"/>: the same instance for every watcher of that change) and
/// parses it only when <see cref="Object"/> is read, so a watch that writes the stored bytes out
/// never builds the object.
/// </summary>
public sealed class ObjectEvent
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";

    private JsonObject? obj;

    public ObjectEvent(string type, JsonObject obj, long revision)
    {
        Type = type;
        this.obj = obj;
        Revision = revision;
    }

    /// <param name="parsed">The stored value already parsed (to test selectors), or null to parse it when first asked.</param>
    internal ObjectEvent(string type, KeyValue stored, long revision, JsonObject? parsed)
    {
        Type = type;
        Stored = stored;
        obj = parsed;
        Revision = revision;
    }

    public string Type { get; }

    public long Revision { get; }

    /// <summary>The store's value this event carries (its object is that value with its resourceVersion); null when the event was made as an object.</summary>
    public KeyValue? Stored { get; }

    /// <summary>The object: a parse of <see cref="Stored"/>, made on first use.</summary>
    public JsonObject Object => obj ??= ObjectJson.FromStore(Stored!);
}
