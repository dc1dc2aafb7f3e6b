using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// The finalizers Kubernetes itself defines, and reading and removing an object's
/// <c>metadata.finalizers</c>. An object with finalizers is only marked for deletion (it gets a
/// <c>metadata.deletionTimestamp</c>); it goes when the last one is removed.
/// </summary>
public static class Finalizers
{
    /// <summary>Set by a delete with propagationPolicy Orphan: the garbage collector frees the dependents, then removes it.</summary>
    public const string Orphan = "orphan";

    /// <summary>Set by a delete with propagationPolicy Foreground: the garbage collector deletes the dependents first, then removes it.</summary>
    public const string ForegroundDeletion = "foregroundDeletion";

    /// <summary>A namespace's <c>spec.finalizers</c> entry: the namespace controller removes it once the namespace is empty.</summary>
    public const string Kubernetes = "kubernetes";

    public static IReadOnlyList<string> Of(JsonObject obj) => Strings(ObjectJson.Metadata(obj)["finalizers"]);

    /// <summary>The strings of a JSON list (finalizer lists in metadata and in a namespace's spec).</summary>
    public static IReadOnlyList<string> Strings(JsonNode? list) =>
        list is JsonArray array
            ? array.Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];

    /// <summary>Removes <paramref name="finalizer"/> from <c>metadata.finalizers</c>; false when it was not there.</summary>
    public static bool Remove(JsonObject obj, string finalizer) => RemoveFrom(ObjectJson.Metadata(obj), "finalizers", finalizer);

    /// <summary>Removes every <paramref name="value"/> from the string list <paramref name="holder"/>[<paramref name="field"/>]; false when none was there.</summary>
    public static bool RemoveFrom(JsonObject holder, string field, string value)
    {
        if (holder[field] is not JsonArray list)
        {
            return false;
        }

        var removed = false;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i] is JsonValue v && v.TryGetValue<string>(out var s) && s == value)
            {
                list.RemoveAt(i);
                removed = true;
            }
        }

        return removed;
    }
}
