using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// Objects as the store holds them: JSON, kept as <see cref="JsonObject"/> so fields Berth does not
/// know round-trip unchanged. The stored bytes never carry <c>metadata.resourceVersion</c>: it is
/// the revision of the row, filled in on the way out.
/// </summary>
public static class ObjectJson
{
    /// <summary>The object a store row holds; revision 0 (a dry-run create, never stored) gives no resourceVersion.</summary>
    public static JsonObject FromStore(KeyValue value)
    {
        var obj = JsonNode.Parse(value.Value)!.AsObject();
        if (value.Revision > 0)
        {
            Metadata(obj)["resourceVersion"] = value.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return obj;
    }

    public static byte[] ToStore(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata || !metadata.ContainsKey("resourceVersion"))
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj); // nothing to leave out: no copy needed
        }

        var copy = (JsonObject)obj.DeepClone();
        Metadata(copy).Remove("resourceVersion");
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    /// <summary>The object's <c>metadata</c>, created empty when missing.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? String(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static IReadOnlyDictionary<string, string> Labels(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata(obj)["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var text))
                {
                    labels[key] = text;
                }
            }
        }

        return labels;
    }
}
