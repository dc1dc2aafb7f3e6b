namespace Berth.Engine.Resources;

/// <summary>The kinds Berth serves, with the names, scopes and subresources Kubernetes gives them.</summary>
public static class BuiltInResources
{
    private const string Core = "";
    private static readonly string[] None = [];
    private static readonly string[] All = ["all"];

    public static readonly ResourceType Namespaces = Cluster(Core, "namespaces", "Namespace", ["ns"], status: true);
    public static readonly ResourceType Nodes = Cluster(Core, "nodes", "Node", ["no"], status: true);

    public static readonly IReadOnlyList<ResourceType> Types =
    [
        Namespaces,
        Nodes,
        InNamespace(Core, "pods", "Pod", ["po"], All, status: true),
        InNamespace(Core, "services", "Service", ["svc"], All, status: true),
        InNamespace(Core, "endpoints", "Endpoints", ["ep"]),
        InNamespace(Core, "configmaps", "ConfigMap", ["cm"]),
        InNamespace(Core, "secrets", "Secret", None),
        InNamespace(Core, "events", "Event", ["ev"]),
        InNamespace(Core, "serviceaccounts", "ServiceAccount", ["sa"]),
        InNamespace("apps", "deployments", "Deployment", ["deploy"], All, status: true, scale: true),
        InNamespace("apps", "replicasets", "ReplicaSet", ["rs"], All, status: true, scale: true),
        InNamespace("apps", "daemonsets", "DaemonSet", ["ds"], All, status: true),
        InNamespace("apps", "statefulsets", "StatefulSet", ["sts"], All, status: true, scale: true),
        InNamespace("batch", "jobs", "Job", None, All, status: true),
        InNamespace("batch", "cronjobs", "CronJob", ["cj"], All, status: true),
        InNamespace("networking.k8s.io", "ingresses", "Ingress", ["ing"], status: true),
        InNamespace("coordination.k8s.io", "leases", "Lease", None),
        InNamespace("discovery.k8s.io", "endpointslices", "EndpointSlice", None),
    ];

    private static ResourceType Cluster(string group, string plural, string kind, string[] shortNames, bool status = false) =>
        new(group, "v1", plural, kind, Namespaced: false, shortNames, None, status, HasScale: false);

    private static ResourceType InNamespace(string group, string plural, string kind, string[] shortNames,
        string[]? categories = null, bool status = false, bool scale = false) =>
        new(group, "v1", plural, kind, Namespaced: true, shortNames, categories ?? None, status, scale);
}
