using System.Text.Json.Nodes;

namespace Berth.Api.Dashboard;

/// <summary>
/// What restoring an old revision writes: the current object with the old revision's labels,
/// annotations and every top-level field but status (spec, data, rules…), so the write is a new
/// revision on top of the current one (its resourceVersion, its uid) and history is never rewritten.
/// Status stays as it is: it reports what controllers and nodes observe, which no restore can bring back.
/// </summary>
internal static class RestoredObject
{
    private static readonly string[] Kept = ["apiVersion", "kind", "metadata", "status"];

    /// <summary>The object to store over <paramref name="current"/>, or, when it is gone (null), to create anew.</summary>
    public static JsonObject Of(JsonObject old, JsonObject? current)
    {
        var restored = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["apiVersion"] = old["apiVersion"]?.DeepClone(),
            ["kind"] = old["kind"]?.DeepClone(),
            ["metadata"] = new JsonObject { ["name"] = old["metadata"]?["name"]?.DeepClone() },
        };
        if (current is null && old["metadata"]?["namespace"] is { } @namespace)
        {
            restored["metadata"]!["namespace"] = @namespace.DeepClone();
        }

        foreach (var key in restored.Select(p => p.Key).Where(k => !Kept.Contains(k)).ToList())
        {
            restored.Remove(key);
        }

        foreach (var (key, value) in old.Where(p => !Kept.Contains(p.Key)))
        {
            restored[key] = value?.DeepClone();
        }

        var metadata = restored["metadata"]!.AsObject();
        foreach (var field in (string[])["labels", "annotations"])
        {
            metadata.Remove(field);
            if (old["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return restored;
    }
}
