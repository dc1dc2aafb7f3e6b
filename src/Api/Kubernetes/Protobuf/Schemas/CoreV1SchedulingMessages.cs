using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 messages saying where a pod may run: node and pod (anti-)affinity, tolerations, topology spread.</summary>
internal static class CoreV1SchedulingMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Affinity",
        [
            Message(1, "nodeAffinity", "NodeAffinity"),
            Message(2, "podAffinity", "PodAffinity"),
            Message(3, "podAntiAffinity", "PodAntiAffinity"),
        ]),
        new("NodeAffinity",
        [
            Message(1, "requiredDuringSchedulingIgnoredDuringExecution", "NodeSelector"),
            Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", "PreferredSchedulingTerm"),
        ]),
        new("NodeSelector",
        [
            Messages(1, "nodeSelectorTerms", "NodeSelectorTerm"),
        ]),
        new("NodeSelectorTerm",
        [
            Messages(1, "matchExpressions", "NodeSelectorRequirement"),
            Messages(2, "matchFields", "NodeSelectorRequirement"),
        ]),
        new("NodeSelectorRequirement",
        [
            Text(1, "key", KeepZero),
            Text(2, "operator", KeepZero),
            Texts(3, "values"),
        ]),
        new("PreferredSchedulingTerm",
        [
            Int(1, "weight", KeepZero),
            Message(2, "preference", "NodeSelectorTerm"),
        ]),
        new("PodAffinity",
        [
            Messages(1, "requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm"),
            Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm"),
        ]),
        new("PodAntiAffinity",
        [
            Messages(1, "requiredDuringSchedulingIgnoredDuringExecution", "PodAffinityTerm"),
            Messages(2, "preferredDuringSchedulingIgnoredDuringExecution", "WeightedPodAffinityTerm"),
        ]),
        new("PodAffinityTerm",
        [
            Message(1, "labelSelector", "LabelSelector"),
            Texts(2, "namespaces"),
            Text(3, "topologyKey", KeepZero),
            Message(4, "namespaceSelector", "LabelSelector"),
            Texts(5, "matchLabelKeys"),
            Texts(6, "mismatchLabelKeys"),
        ]),
        new("WeightedPodAffinityTerm",
        [
            Int(1, "weight", KeepZero),
            Message(2, "podAffinityTerm", "PodAffinityTerm"),
        ]),
        new("Toleration",
        [
            Text(1, "key"),
            Text(2, "operator"),
            Text(3, "value"),
            Text(4, "effect"),
            Int(5, "tolerationSeconds", KeepZero),
        ]),
        new("TopologySpreadConstraint",
        [
            Int(1, "maxSkew", KeepZero),
            Text(2, "topologyKey", KeepZero),
            Text(3, "whenUnsatisfiable", KeepZero),
            Message(4, "labelSelector", "LabelSelector"),
            Int(5, "minDomains", KeepZero),
            Text(6, "nodeAffinityPolicy", KeepZero),
            Text(7, "nodeTaintsPolicy", KeepZero),
            Texts(8, "matchLabelKeys"),
        ]),
    ];
}
