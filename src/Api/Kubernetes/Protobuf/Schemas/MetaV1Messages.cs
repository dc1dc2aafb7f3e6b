using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>meta/v1 messages every object shares: its metadata, label selectors and conditions.</summary>
internal static class MetaV1Messages
{
    public static readonly ProtobufMessage[] All =
    [
        new("ObjectMeta",
        [
            Text(1, "name"),
            Text(2, "generateName"),
            Text(3, "namespace"),
            Text(4, "selfLink"),
            Text(5, "uid"),
            Text(6, "resourceVersion"),
            Int(7, "generation"),
            Time(8, "creationTimestamp"),
            Time(9, "deletionTimestamp"),
            Int(10, "deletionGracePeriodSeconds", KeepZero),
            TextMap(11, "labels"),
            TextMap(12, "annotations"),
            Messages(13, "ownerReferences", "OwnerReference"),
            Texts(14, "finalizers"),
        ]),
        new("OwnerReference",
        [
            Text(5, "apiVersion", KeepZero),
            Text(1, "kind", KeepZero),
            Text(3, "name", KeepZero),
            Text(4, "uid", KeepZero),
            Bool(6, "controller", KeepZero),
            Bool(7, "blockOwnerDeletion", KeepZero),
        ]),
        new("LabelSelector",
        [
            TextMap(1, "matchLabels"),
            Messages(2, "matchExpressions", "LabelSelectorRequirement"),
        ]),
        new("LabelSelectorRequirement",
        [
            Text(1, "key", KeepZero),
            Text(2, "operator", KeepZero),
            Texts(3, "values"),
        ]),
        new("Condition",
        [
            Text(1, "type", KeepZero),
            Text(2, "status", KeepZero),
            Int(3, "observedGeneration"),
            Time(4, "lastTransitionTime"),
            Text(5, "reason", KeepZero),
            Text(6, "message", KeepZero),
        ]),
    ];
}
