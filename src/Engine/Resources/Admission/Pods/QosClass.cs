using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// A pod's quality-of-service class, computed as Kubernetes' <c>ComputePodQOS</c> does from the cpu
/// and memory of every container: Guaranteed when each container limits both and requests equal
/// limits, BestEffort when nothing is requested or limited, Burstable otherwise.
/// </summary>
internal static class QosClass
{
    private static readonly string[] Computed = ["cpu", "memory"];

    public static string Of(JsonObject spec)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var limits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var guaranteed = true;
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var (container, _) in spec.ArrayAt(list).Items())
            {
                var resources = container.ObjectAt("resources");
                Sum(resources?.ObjectAt("requests"), requests);
                var limited = Sum(resources?.ObjectAt("limits"), limits);
                if (!Computed.All(limited.Contains))
                {
                    guaranteed = false;
                }
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return "BestEffort";
        }

        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value) && requests.Count == limits.Count)
        {
            return "Guaranteed";
        }

        return "Burstable";
    }

    // Adds the positive cpu and memory quantities of one list into the totals; says which it found.
    private static HashSet<string> Sum(JsonObject? list, Dictionary<string, decimal> totals)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text) in list.StringPairs())
        {
            if (!Computed.Contains(name) || Quantity.Parse(text) is not { } value || value <= 0)
            {
                continue;
            }

            found.Add(name);
            totals[name] = totals.GetValueOrDefault(name) + value;
        }

        return found;
    }
}
