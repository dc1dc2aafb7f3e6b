using System.Text.Json.Nodes;

namespace Berth.Web.Live;

/// <summary>A field of an object as a page prints it: a string as it is, any other value as its JSON text, nothing as null.</summary>
public static class JsonText
{
    public static string? Of(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
}
