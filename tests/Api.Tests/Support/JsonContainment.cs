using System.Text.Json.Nodes;

namespace Berth.Tests.Support;

/// <summary>
/// Whether one JSON value holds another: every field of <c>expected</c> is in <c>actual</c> with an equal value,
/// while <c>actual</c> may have more (what a server adds). An expected null (such as kubectl's
/// <c>creationTimestamp: null</c>) stands for "unset by the client" and matches anything.
/// </summary>
public static class JsonContainment
{
    /// <summary>The path and values of the first field that differs, or null when <paramref name="actual"/> holds all of <paramref name="expected"/>.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "")
    {
        switch (expected)
        {
            case null:
                return null;
            case JsonObject fields:
                if (actual is not JsonObject actualFields)
                {
                    return $"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}";
                }

                return fields.Select(f => FirstDifference(f.Value, actualFields[f.Key], $"{path}.{f.Key}")).FirstOrDefault(d => d is not null);
            case JsonArray items:
                if (actual is not JsonArray actualItems || actualItems.Count != items.Count)
                {
                    return $"{path}: expected {items.Count} items, got {actual?.ToJsonString() ?? "nothing"}";
                }

                return items.Select((item, i) => FirstDifference(item, actualItems[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}";
        }
    }
}
