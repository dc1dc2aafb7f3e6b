using System.Text.Json;
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
    private readonly KeyValue stored;
    private JsonObject? parsed;

    private CachedObject(ResourceType type, KeyValue stored, JsonObject metadata)
    {
        Type = type;
        this.stored = stored;
        Name = ObjectJson.String(metadata, "name") ?? "";
        Namespace = type.Namespaced ? ObjectJson.String(metadata, "namespace") : null;
        Uid = ObjectJson.String(metadata, "uid") ?? "";
        IsDeleting = metadata["deletionTimestamp"] is not null;
        var holder = new JsonObject { ["metadata"] = metadata };
        Finalizers = Resources.Deletion.Finalizers.Of(holder);
        OwnerReferences = OwnerReference.Of(holder);
    }

    public ResourceType Type { get; }

    /// <summary>The store key (<c>pods/default/web</c>).</summary>
    public string Key => stored.Key;

    /// <summary>The object's resourceVersion: the revision of the store row.</summary>
    public long Revision => stored.Revision;

    /// <summary>
    /// The whole object, resourceVersion included. Read it; never change it. Parsed from the stored
    /// bytes on first use and kept from then on: most cached objects are never read whole (the
    /// controllers look at a pod's metadata, above), and a JSON DOM built for every change of every
    /// cached object was several times the size of its bytes and most of what a create left in memory.
    /// </summary>
    public JsonObject Object
    {
        get
        {
            if (Volatile.Read(ref parsed) is { } obj)
            {
                return obj;
            }

            // Two first readers at once may both parse; one copy wins and both read that one.
            obj = ObjectJson.FromStore(stored);
            Materialize(obj);
            return Interlocked.CompareExchange(ref parsed, obj, null) ?? obj;
        }
    }

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

    /// <summary>The cached form of a stored value; throws <see cref="JsonException"/> for one that is not a JSON object.</summary>
    internal static CachedObject From(ResourceType type, KeyValue value) => new(type, value, ReadMetadata(value.Value));

    /// <summary>
    /// Reads the whole value (so a value that is not JSON, or not an object, is refused here, as
    /// parsing it was) and answers the few metadata fields the constructor reads, without building
    /// the rest (managedFields, labels, the spec).
    /// </summary>
    private static JsonObject ReadMetadata(byte[] value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the stored value is not a JSON object");
        }

        var metadata = new JsonObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            metadata = new JsonObject();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name is "name" or "namespace" or "uid" or "deletionTimestamp" or "finalizers" or "ownerReferences")
                {
                    metadata[name] = JsonNode.Parse(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        if (reader.Read())
        {
            throw new JsonException("the stored value has more after its object");
        }

        return metadata;
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
