using Berth.Engine.Resources;

namespace Berth.Web.Services;

/// <summary>One entry of the left navigation: a kind, with the path segment its pages use.</summary>
public sealed record DashboardKind(string Title, string Section, ResourceType Type)
{
    /// <summary>The plural as URLs name it (<c>pods</c>, <c>deployments</c>): short, and what kubectl users type.</summary>
    public string Segment => Type.Plural;
}

/// <summary>The kinds the dashboard lists, in the order of its navigation.</summary>
public static class DashboardKinds
{
    public static IReadOnlyList<DashboardKind> All { get; } = Build(ResourceRegistry.BuiltIn);

    public static DashboardKind? Find(string segment) => All.FirstOrDefault(k => k.Segment == segment);

    private static IReadOnlyList<DashboardKind> Build(ResourceRegistry registry)
    {
        var entries = new (string Title, string Section, string Group, string Plural)[]
        {
            ("Nodes", "Cluster", "", "nodes"),
            ("Namespaces", "Cluster", "", "namespaces"),
            ("Events", "Cluster", "", "events"),
            ("Pods", "Workloads", "", "pods"),
            ("Deployments", "Workloads", "apps", "deployments"),
            ("ReplicaSets", "Workloads", "apps", "replicasets"),
            ("DaemonSets", "Workloads", "apps", "daemonsets"),
            ("StatefulSets", "Workloads", "apps", "statefulsets"),
            ("Jobs", "Workloads", "batch", "jobs"),
            ("CronJobs", "Workloads", "batch", "cronjobs"),
            ("Services", "Network", "", "services"),
            ("Ingresses", "Network", "networking.k8s.io", "ingresses"),
            ("ConfigMaps", "Configuration", "", "configmaps"),
            ("Secrets", "Configuration", "", "secrets"),
        };
        return entries
            .Select(e => registry.Types.FirstOrDefault(t => t.Group == e.Group && t.Plural == e.Plural) is { } type
                ? new DashboardKind(e.Title, e.Section, type)
                : null)
            .OfType<DashboardKind>()
            .ToList();
    }
}
