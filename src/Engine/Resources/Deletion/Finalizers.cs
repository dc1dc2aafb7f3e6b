using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// <c>metadata.finalizers</c>: names of the parties that must act before an object may leave the
/// store. A delete of an object with finalizers only marks it (deletionTimestamp); removing the last
/// finalizer of a marked object completes the delete.
/// </summary>
public static class Finalizers
{
    /// <summary>Left by an Orphan delete: the garbage collector orphans the dependents, then removes it.</summary>
    public const string Orphan = "orphan";

    /// <summary>Left by a Foreground delete: the garbage collector deletes the dependents first, then removes it.</summary>
    public const string ForegroundDeletion = "foregroundDeletion";

    /// <summary>The one a new namespace gets in <c>spec.finalizers</c>: the namespace controller empties the namespace, then removes it.</summary>
    public const string Kubernetes = "kubernetes";

    public static IReadOnlyList<string> Of(JsonObject obj) => Strings(ObjectJson.Metadata(obj)["finalizers"]);

    /// <summary>Sets <c>metadata.finalizers</c>, dropping the field when the list is empty, as Kubernetes writes it.</summary>
    public static void Set(JsonObject obj, IReadOnlyList<string> finalizers)
    {
        var metadata = ObjectJson.Metadata(obj);
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }
    }

    /// <summary>Removes <paramref name="finalizer"/> from <c>metadata.finalizers</c>; false when it was not there.</summary>
    public static bool Remove(JsonObject obj, string finalizer)
    {
        var current = Of(obj);
        if (!current.Contains(finalizer))
        {
            return false;
        }

        Set(obj, current.Where(f => f != finalizer).ToList());
        return true;
    }

    /// <summary>The strings of a JSON array (non-strings skipped); empty when it is not an array.</summary>
    internal static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList()
            : [];
}
