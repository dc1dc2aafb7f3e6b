using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission;

/// <summary>
/// Reads and defaults fields of objects held as JSON, tolerating anything a client may send: a
/// field of the wrong JSON type reads as absent instead of throwing, so admission never fails with
/// a server error on a strange body.
/// </summary>
internal static class JsonFields
{
    public static JsonObject? ObjectAt(this JsonObject obj, string name) => obj[name] as JsonObject;

    public static JsonArray? ArrayAt(this JsonObject obj, string name) => obj[name] as JsonArray;

    public static string? StringAt(this JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The string at <paramref name="name"/>, or "" when absent (Go's zero value).</summary>
    public static string TextAt(this JsonObject obj, string name) => obj.StringAt(name) ?? "";

    public static long? IntegerAt(this JsonObject obj, string name) => Integer(obj[name]);

    public static bool? BoolAt(this JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static long? Integer(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<long>(out var number))
        {
            return number;
        }

        return value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15 ? (long)real : null;
    }

    /// <summary>True when the field is absent or null: what Go sees as a nil pointer.</summary>
    public static bool IsUnset(this JsonObject obj, string name) => obj[name] is null;

    /// <summary>The object at <paramref name="name"/>, created empty when absent (or not an object).</summary>
    public static JsonObject EnsureObject(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    /// <summary>Sets a pointer-like field when it is absent or null.</summary>
    public static void DefaultValue(this JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>Sets a string field when it is absent, null or empty (Go's zero string).</summary>
    public static void DefaultString(this JsonObject obj, string name, string value)
    {
        if (obj[name] is null || obj.StringAt(name) == "")
        {
            obj[name] = value;
        }
    }

    /// <summary>Sets a number field when it is absent, null or zero (Go's zero int).</summary>
    public static void DefaultNumber(this JsonObject obj, string name, long value)
    {
        if (obj[name] is null || obj.IntegerAt(name) == 0)
        {
            obj[name] = value;
        }
    }

    /// <summary>The objects of an array with their positions; other items are skipped.</summary>
    public static IEnumerable<(JsonObject Item, int Index)> Items(this JsonArray? array)
    {
        if (array is null)
        {
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item)
            {
                yield return (item, i);
            }
        }
    }

    /// <summary>A map of strings (labels, selectors, data) as pairs; values of other types read as their JSON text.</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringPairs(this JsonObject? map)
    {
        if (map is null)
        {
            yield break;
        }

        foreach (var (key, value) in map)
        {
            yield return new(key, value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "");
        }
    }
}
