using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>), what <c>kubectl apply</c>,
/// <c>patch</c>, <c>scale</c> and <c>set image</c> send for built-in kinds: a JSON merge patch in
/// which the lists that <see cref="PatchStrategies"/> names merge element by element on a key
/// instead of being replaced, steered by the directives kubectl writes: <c>$patch</c>
/// (<c>replace</c>, <c>delete</c>), <c>$setElementOrder/field</c>,
/// <c>$deleteFromPrimitiveList/field</c> and <c>$retainKeys</c>.
/// </summary>
public static class StrategicMergePatch
{
    private const string Directive = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static JsonObject Apply(ResourceType type, JsonObject original, JsonObject patch) =>
        Merge(type, original, patch, []) as JsonObject ?? new JsonObject();

    private static JsonNode? Merge(ResourceType type, JsonNode? original, JsonNode? patch, List<string> path)
    {
        if (patch is not JsonObject patchObject)
        {
            return Clean(type, patch, path);
        }

        switch (DirectiveOf(patchObject))
        {
            case "replace":
                return Merge(type, null, Without(patchObject, Directive), path);
            case "delete":
                return null;
        }

        var result = original is JsonObject originalObject ? (JsonObject)originalObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (name.StartsWith('$'))
            {
                continue;
            }

            path.Add(name);
            var merged = value is JsonArray list
                ? MergeList(type, result[name] as JsonArray, list, path)
                : value is null ? null : Merge(type, result[name], value, path);
            path.RemoveAt(path.Count - 1);
            if (merged is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = merged;
            }
        }

        ApplyListDirectives(type, result, patchObject, path);
        if (patchObject[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet();
            foreach (var name in result.Select(p => p.Key).Where(n => !keep.Contains(n)).ToList())
            {
                result.Remove(name);
            }
        }

        return result;
    }

    private static JsonArray MergeList(ResourceType type, JsonArray? original, JsonArray patch, List<string> path)
    {
        var strategy = PatchStrategies.For(type, path);
        if (strategy.MergePrimitives)
        {
            var union = original is null ? new JsonArray() : (JsonArray)original.DeepClone();
            foreach (var item in patch.Where(i => !union.Any(u => JsonNode.DeepEquals(u, i))))
            {
                union.Add(item?.DeepClone());
            }

            return union;
        }

        if (strategy.MergeKey is not { } key || patch.Any(i => i is JsonObject o && DirectiveOf(o) == "replace"))
        {
            var replaced = patch.Where(i => i is not JsonObject o || DirectiveOf(o) != "replace").Select(i => Clean(type, i, path)).ToArray();
            return new JsonArray(replaced);
        }

        var result = original is null ? new List<JsonNode?>() : original.Select(i => i?.DeepClone()).ToList();
        foreach (var item in patch)
        {
            if (item is not JsonObject element)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var at = result.FindIndex(existing => SameKey(existing, element, key));
            if (DirectiveOf(element) == "delete")
            {
                if (at >= 0)
                {
                    result.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                result[at] = Merge(type, result[at], element, path);
            }
            else
            {
                result.Add(Merge(type, null, element, path));
            }
        }

        return new JsonArray(result.ToArray());
    }

    private static void ApplyListDirectives(ResourceType type, JsonObject result, JsonObject patch, List<string> path)
    {
        foreach (var (name, value) in patch)
        {
            if (name.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal) && value is JsonArray remove
                && result[name[DeleteFromPrimitiveList.Length..]] is JsonArray values)
            {
                foreach (var item in values.Where(v => remove.Any(r => JsonNode.DeepEquals(r, v))).ToList())
                {
                    values.Remove(item);
                }
            }
            else if (name.StartsWith(SetElementOrder, StringComparison.Ordinal) && value is JsonArray order)
            {
                var field = name[SetElementOrder.Length..];
                path.Add(field);
                var key = PatchStrategies.For(type, path).MergeKey;
                path.RemoveAt(path.Count - 1);
                if (result[field] is JsonArray list)
                {
                    result[field] = Ordered(list, order, key);
                }
            }
        }
    }

    /// <summary>The elements named in <paramref name="order"/> in that order, then the rest as they were.</summary>
    private static JsonArray Ordered(JsonArray list, JsonArray order, string? key)
    {
        var remaining = list.Select(i => i?.DeepClone()).ToList();
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order)
        {
            var at = remaining.FindIndex(item => key is null
                ? JsonNode.DeepEquals(item, wanted)
                : wanted is JsonObject w && SameKey(item, w, key));
            if (at >= 0)
            {
                ordered.Add(remaining[at]);
                remaining.RemoveAt(at);
            }
        }

        return new JsonArray([.. ordered, .. remaining]);
    }

    /// <summary>A patch value stored as it is, minus the directives it carries.</summary>
    private static JsonNode? Clean(ResourceType type, JsonNode? value, List<string> path) => value switch
    {
        JsonObject o => Merge(type, null, o, path),
        JsonArray a => new JsonArray(a.Select(i => Clean(type, i, path)).ToArray()),
        _ => value?.DeepClone(),
    };

    private static bool SameKey(JsonNode? item, JsonObject element, string key) =>
        item is JsonObject existing && JsonNode.DeepEquals(existing[key], element[key]);

    private static string? DirectiveOf(JsonObject obj) =>
        obj[Directive] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Without(JsonObject obj, string name)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove(name);
        return copy;
    }
}
