using System.Text.Json.Nodes;

namespace Berth.Engine.Controllers.NodeLifecycle;

/// <summary>A Node's <c>spec.taints</c>, by key.</summary>
internal static class NodeTaints
{
    public static bool Has(JsonObject node, string key) =>
        node["spec"]?["taints"] is JsonArray taints && taints.Any(t => (string?)t?["key"] == key);

    /// <summary>Adds the taint unless one of that key and effect is there; true when it added it.</summary>
    public static bool Add(JsonObject node, string key, DateTimeOffset now, string effect)
    {
        var spec = node["spec"] as JsonObject ?? [];
        node["spec"] = spec;
        var taints = spec["taints"] as JsonArray ?? [];
        spec["taints"] = taints;
        if (taints.Any(t => (string?)t?["key"] == key && (string?)t?["effect"] == effect))
        {
            return false;
        }

        taints.Add(new JsonObject { ["key"] = key, ["effect"] = effect, ["timeAdded"] = NodeReady.Time(now) });
        return true;
    }

    /// <summary>Removes every taint of the key; true when there was one.</summary>
    public static bool Remove(JsonObject node, string key)
    {
        if (node["spec"]?["taints"] is not JsonArray taints)
        {
            return false;
        }

        var gone = taints.Where(t => (string?)t?["key"] == key).ToList();
        gone.ForEach(t => taints.Remove(t));
        if (taints.Count == 0)
        {
            node["spec"]!.AsObject().Remove("taints");
        }

        return gone.Count > 0;
    }
}
