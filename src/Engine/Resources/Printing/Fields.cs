using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// Reads fields of an object's JSON by path, the way Go reads its typed structs: a missing field, or one
/// of another type, is the zero value ("" , 0, false, empty), never an error, so a printer never fails.
/// </summary>
internal static class Fields
{
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject obj ? obj[name] : null;
        }

        return node;
    }

    public static bool Has(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) is not null;

    public static string Text(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : "";

    public static long Number(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number : 0;

    /// <summary>True or false when the field is a boolean; null when it is missing (Go's <c>*bool</c>).</summary>
    public static bool? Flag(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>The objects of a list field, skipping anything that is not an object.</summary>
    public static IReadOnlyList<JsonObject> Objects(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    /// <summary>The strings of a list field, skipping anything that is not a string.</summary>
    public static IReadOnlyList<string> Texts(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    /// <summary>How many entries a map or list field has (<c>len()</c> in Go); 0 when missing.</summary>
    public static int Count(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) switch
    {
        JsonObject map => map.Count,
        JsonArray list => list.Count,
        _ => 0,
    };

    /// <summary>The string entries of a map field (labels, a selector, a node selector).</summary>
    public static IReadOnlyDictionary<string, string> Map(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (At(node, path) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    map[key] = v.GetValue<string>();
                }
            }
        }

        return map;
    }

    /// <summary>A timestamp field (RFC 3339, with or without fractions of a second); null when missing or unreadable.</summary>
    public static DateTimeOffset? Time(JsonNode? node, params ReadOnlySpan<string> path) =>
        DateTimeOffset.TryParse(Text(node, path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
