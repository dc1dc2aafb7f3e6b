using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// The Priority admission plugin: a pod's <c>priority</c> and <c>preemptionPolicy</c> come from its
/// priority class. Berth serves no PriorityClass objects, so only the two built-in system classes
/// are known; a pod without a class gets 0 and PreemptLowerPriority, as on a cluster with no default class.
/// </summary>
internal static class PodPriority
{
    private static readonly Dictionary<string, long> SystemClasses = new(StringComparer.Ordinal)
    {
        ["system-cluster-critical"] = 2000000000,
        ["system-node-critical"] = 2000001000,
    };

    public static void ApplyOnCreate(ResourceType type, string name, JsonObject spec)
    {
        var className = spec.TextAt("priorityClassName");
        if (className.Length > 0 && !SystemClasses.ContainsKey(className))
        {
            return; // no PriorityClass objects to look it up in; the pod keeps what it says
        }

        var priority = className.Length == 0 ? 0 : SystemClasses[className];
        if (spec.IntegerAt("priority") is { } given && given != priority)
        {
            throw Forbidden(type, name, $"the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {priority} from the given PriorityClass name");
        }

        spec["priority"] = priority;
        var policy = spec.TextAt("preemptionPolicy");
        if (policy.Length > 0 && policy != "PreemptLowerPriority")
        {
            throw Forbidden(type, name, $"the string value of PreemptionPolicy ({policy}) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name");
        }

        spec["preemptionPolicy"] = "PreemptLowerPriority";
    }

    private static ResourceException Forbidden(ResourceType type, string name, string reason) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {reason}") { Name = name, Group = type.Group, Kind = type.Plural };
}
