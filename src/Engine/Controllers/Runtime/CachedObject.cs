using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// One object as an informer holds it, with the metadata controllers ask about parsed once.
/// Shared by every controller and read from many threads, so it must never change:
/// <see cref="Object"/> is for reading only; to write, change a <see cref="Copy"/>.
/// </summary>
public sealed class CachedObject
{
    private CachedObject(ResourceType type, string key, long revision, JsonObject obj)
    {
        Type = type;
        Key = key;
        Revision = revision;
        Object = obj;
        var metadata = ObjectJson.Metadata(obj);
        Name = ObjectJson.String(metadata, "name") ?? "";
        Namespace = type.Namespaced ? ObjectJson.String(metadata, "namespace") : null;
        Uid = ObjectJson.String(metadata, "uid") ?? "";
        IsDeleting = metadata["deletionTimestamp"] is not null;
        Finalizers = Resources.Deletion.Finalizers.Of(obj);
        OwnerReferences = OwnerReference.Of(obj);
    }

    public ResourceType Type { get; }

    /// <summary>The store key (<c>pods/default/web</c>).</summary>
    public string Key { get; }

    /// <summary>The object's resourceVersion: the revision of the store row.</summary>
    public long Revision { get; }

    /// <summary>The whole object, resourceVersion included. Read it; never change it.</summary>
    public JsonObject Object { get; }

    public string Name { get; }

    /// <summary>Null for cluster-scoped kinds.</summary>
    public string? Namespace { get; }

    public string Uid { get; }

    /// <summary>The object has a deletionTimestamp: it is deleted as soon as its finalizers are gone.</summary>
    public bool IsDeleting { get; }

    public IReadOnlyList<string> Finalizers { get; }

    public IReadOnlyList<OwnerReference> OwnerReferences { get; }

    /// <summary>A deep copy the caller may change (to write it back through <see cref="ObjectClient"/>).</summary>
    public JsonObject Copy() => (JsonObject)Object.DeepClone();

    public override string ToString() => $"{Type.QualifiedResource} {(Namespace is null ? "" : Namespace + "/")}{Name}";

    internal static CachedObject From(ResourceType type, KeyValue value)
    {
        var obj = ObjectJson.FromStore(value);
        Materialize(obj);
        return new CachedObject(type, value.Key, value.Revision, obj);
    }

    /// <summary>
    /// A parsed JsonObject builds its children lazily on first access; walking it once builds them
    /// all now, so the many threads that read a cached object never race on that first access.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }
    }
}
