using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Services;

/// <summary>What a Service's type implies, as Kubernetes' service helpers decide it.</summary>
internal static class ServiceTypes
{
    public static string Type(JsonObject spec) => spec.TextAt("type");

    /// <summary>Every type but ExternalName has a cluster IP (or is headless).</summary>
    public static bool NeedsClusterIP(JsonObject spec) => Type(spec) != "ExternalName";

    /// <summary>NodePort services, and LoadBalancers unless they opt out of node ports.</summary>
    public static bool NeedsNodePorts(JsonObject spec) =>
        Type(spec) == "NodePort" || (Type(spec) == "LoadBalancer" && spec.BoolAt("allocateLoadBalancerNodePorts") != false);

    /// <summary>Reachable from outside the cluster, so externalTrafficPolicy applies.</summary>
    public static bool ExternallyAccessible(JsonObject spec) =>
        Type(spec) is "NodePort" or "LoadBalancer" || (Type(spec) == "ClusterIP" && (spec.ArrayAt("externalIPs")?.Count ?? 0) > 0);

    public static bool IsHeadless(JsonObject spec)
    {
        var clusterIPs = spec.ArrayAt("clusterIPs");
        return clusterIPs?.Count == 1 && clusterIPs[0]?.ToString() == "None";
    }

    public static List<string> ClusterIPs(JsonObject spec) =>
        (spec.ArrayAt("clusterIPs") ?? []).Select(ip => ip is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList();
}
