using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// Equality as Kubernetes' <c>apiequality.Semantic.DeepEqual</c> sees it on typed objects: a field
/// left out, set to null, or set to its zero value (<c>""</c>, <c>0</c>, <c>false</c>, <c>{}</c>,
/// <c>[]</c>) are all the same, since Go decodes them all to the same struct.
/// </summary>
internal static class SemanticJson
{
    public static bool Equal(JsonNode? left, JsonNode? right) => JsonNode.DeepEquals(Prune(left), Prune(right));

    /// <summary>A copy without zero values, so two spellings of "nothing" compare equal.</summary>
    public static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (Prune(value) is { } kept)
                    {
                        copy[key] = kept;
                    }
                }

                return copy.Count == 0 ? null : copy;
            case JsonArray array:
                // Items keep their place: an empty item in a list still counts.
                return array.Count == 0 ? null : new JsonArray(array.Select(i => Prune(i) ?? new JsonObject()).ToArray());
            case JsonValue value when IsZero(value):
                return null;
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsZero(JsonValue value) =>
        (value.TryGetValue<string>(out var text) && text.Length == 0)
        || (value.TryGetValue<bool>(out var flag) && !flag)
        || (value.TryGetValue<double>(out var number) && number == 0);
}
