using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// Lays an applied configuration over the live object: objects merge field by field, keyed lists
/// element by element on their keys (new elements after the live ones), sets take the union, and
/// anything atomic takes the applied value. Fields the configuration leaves out are kept; removing
/// what a manager stopped applying is <see cref="ServerSideApply"/>'s job, as only it knows who owns what.
/// </summary>
public static class ApplyMerge
{
    public static JsonObject Merge(ResourceType type, JsonObject live, JsonObject applied)
    {
        var result = (JsonObject)live.DeepClone();
        var shape = ApplyShape.Root(type);
        foreach (var (name, value) in applied)
        {
            result[name] = name == "metadata"
                ? MergeMetadata(result[name] as JsonObject, value, shape.Member(name))
                : Merge(result[name], value, shape.Member(name));
        }

        return result;
    }

    private static JsonNode? MergeMetadata(JsonObject? live, JsonNode? applied, ApplyShape shape)
    {
        // System fields stay as the server has them: an apply cannot move uid or resourceVersion.
        var result = (JsonObject?)live?.DeepClone() ?? new JsonObject();
        if (applied is JsonObject metadata)
        {
            foreach (var (name, value) in metadata)
            {
                if (name is not ("uid" or "resourceVersion" or "generation" or "creationTimestamp" or "deletionTimestamp" or "managedFields"))
                {
                    result[name] = Merge(result[name], value, shape.Member(name));
                }
            }
        }

        return result;
    }

    private static JsonNode? Merge(JsonNode? live, JsonNode? applied, ApplyShape shape)
    {
        switch (shape.Kind)
        {
            case ShapeKind.Fields when live is JsonObject liveObject && applied is JsonObject appliedObject:
                var merged = (JsonObject)liveObject.DeepClone();
                foreach (var (name, value) in appliedObject)
                {
                    merged[name] = Merge(merged[name], value, shape.Member(name));
                }

                return merged;
            case ShapeKind.KeyedList when live is JsonArray liveList && applied is JsonArray appliedList && appliedList.All(e => e is JsonObject):
                var elements = liveList.Select(e => e?.DeepClone()).ToList();
                foreach (var element in appliedList.Cast<JsonObject>())
                {
                    var key = ManagedFieldPath.Key(element, shape.Keys!);
                    var index = elements.FindIndex(e => e is JsonObject o && ManagedFieldPath.Key(o, shape.Keys!) == key);
                    if (index < 0)
                    {
                        elements.Add(element.DeepClone());
                    }
                    else
                    {
                        elements[index] = Merge(elements[index], element, shape.Element);
                    }
                }

                return new JsonArray([.. elements]);
            case ShapeKind.Set when live is JsonArray liveSet && applied is JsonArray appliedSet:
                var union = liveSet.Select(e => e?.DeepClone()).ToList();
                union.AddRange(appliedSet.Where(a => !liveSet.Any(l => JsonNode.DeepEquals(l, a))).Select(a => a?.DeepClone()));
                return new JsonArray([.. union]);
            default:
                return applied?.DeepClone();
        }
    }
}
