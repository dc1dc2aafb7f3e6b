using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 kinds with small bodies (Namespace, ConfigMap, Secret, ServiceAccount) and the object references other kinds use.</summary>
internal static class CoreV1Messages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Namespace",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "NamespaceSpec"),
            Message(3, "status", "NamespaceStatus"),
        ]),
        new("NamespaceSpec",
        [
            Texts(1, "finalizers"),
        ]),
        new("NamespaceStatus",
        [
            Text(1, "phase"),
            Messages(2, "conditions", "NamespaceCondition"),
        ]),
        new("NamespaceCondition",
        [
            Text(1, "type", KeepZero),
            Text(2, "status", KeepZero),
            Time(4, "lastTransitionTime"),
            Text(5, "reason"),
            Text(6, "message"),
        ]),
        new("ConfigMap",
        [
            Message(1, "metadata", "ObjectMeta"),
            Bool(4, "immutable", KeepZero),
            TextMap(2, "data"),
            BytesMap(3, "binaryData"),
        ]),
        new("Secret",
        [
            Message(1, "metadata", "ObjectMeta"),
            Bool(5, "immutable", KeepZero),
            BytesMap(2, "data"),
            TextMap(4, "stringData"),
            Text(3, "type"),
        ]),
        new("ServiceAccount",
        [
            Message(1, "metadata", "ObjectMeta"),
            Messages(2, "secrets", "ObjectReference"),
            Messages(3, "imagePullSecrets", "LocalObjectReference"),
            Bool(4, "automountServiceAccountToken", KeepZero),
        ]),
        new("ObjectReference",
        [
            Text(1, "kind"),
            Text(2, "namespace"),
            Text(3, "name"),
            Text(4, "uid"),
            Text(5, "apiVersion"),
            Text(6, "resourceVersion"),
            Text(7, "fieldPath"),
        ]),
        new("LocalObjectReference",
        [
            Text(1, "name"),
        ]),
        new("TypedLocalObjectReference",
        [
            Text(1, "apiGroup", KeepZero),
            Text(2, "kind", KeepZero),
            Text(3, "name", KeepZero),
        ]),
        new("TypedObjectReference",
        [
            Text(1, "apiGroup", KeepZero),
            Text(2, "kind", KeepZero),
            Text(3, "name", KeepZero),
            Text(4, "namespace", KeepZero),
        ]),
    ];
}
