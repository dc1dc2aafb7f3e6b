using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// Parses JSON whose objects may give a key twice, keeping the last value as Go's decoder (and so
/// Kubernetes) does. <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// accepts such input but fails when the object is first read.
/// </summary>
internal static class LastValueWins
{
    public static JsonNode? Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        return Node(document.RootElement);
    }

    private static JsonNode? Node(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = Node(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                return new JsonArray(element.EnumerateArray().Select(Node).ToArray());
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
