using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 Pod and pod template: the pod spec and its small parts. Containers, volumes, scheduling, security and status each have their own table.</summary>
internal static class CoreV1PodMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Pod",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "PodSpec"),
            Message(3, "status", "PodStatus"),
        ]),
        new("PodTemplateSpec",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "PodSpec"),
        ]),
        new("PodSpec",
        [
            Messages(1, "volumes", "Volume"),
            Messages(20, "initContainers", "Container"),
            Messages(2, "containers", "Container"),
            Messages(34, "ephemeralContainers", "EphemeralContainer"),
            Text(3, "restartPolicy"),
            Int(4, "terminationGracePeriodSeconds", KeepZero),
            Int(5, "activeDeadlineSeconds", KeepZero),
            Text(6, "dnsPolicy"),
            TextMap(7, "nodeSelector"),
            Text(8, "serviceAccountName"),
            Text(9, "serviceAccount"),
            Bool(21, "automountServiceAccountToken", KeepZero),
            Text(10, "nodeName"),
            Bool(11, "hostNetwork"),
            Bool(12, "hostPID"),
            Bool(13, "hostIPC"),
            Bool(27, "shareProcessNamespace", KeepZero),
            Message(14, "securityContext", "PodSecurityContext"),
            Messages(15, "imagePullSecrets", "LocalObjectReference"),
            Text(16, "hostname"),
            Text(17, "subdomain"),
            Message(18, "affinity", "Affinity"),
            Text(19, "schedulerName"),
            Messages(22, "tolerations", "Toleration"),
            Messages(23, "hostAliases", "HostAlias"),
            Text(24, "priorityClassName"),
            Int(25, "priority", KeepZero),
            Message(26, "dnsConfig", "PodDNSConfig"),
            Messages(28, "readinessGates", "PodReadinessGate"),
            Text(29, "runtimeClassName", KeepZero),
            Bool(30, "enableServiceLinks", KeepZero),
            Text(31, "preemptionPolicy", KeepZero),
            QuantityMap(32, "overhead"),
            Messages(33, "topologySpreadConstraints", "TopologySpreadConstraint"),
            Bool(35, "setHostnameAsFQDN", KeepZero),
            Message(36, "os", "PodOS"),
            Bool(37, "hostUsers", KeepZero),
            Messages(38, "schedulingGates", "PodSchedulingGate"),
            Messages(39, "resourceClaims", "PodResourceClaim"),
            Message(40, "resources", "ResourceRequirements"),
            Text(41, "hostnameOverride", KeepZero),
            Message(43, "schedulingGroup", "PodSchedulingGroup"),
        ]),
        new("HostAlias",
        [
            Text(1, "ip", KeepZero),
            Texts(2, "hostnames"),
        ]),
        new("PodDNSConfig",
        [
            Texts(1, "nameservers"),
            Texts(2, "searches"),
            Messages(3, "options", "PodDNSConfigOption"),
        ]),
        new("PodDNSConfigOption",
        [
            Text(1, "name"),
            Text(2, "value", KeepZero),
        ]),
        new("PodOS",
        [
            Text(1, "name", KeepZero),
        ]),
        new("PodReadinessGate",
        [
            Text(1, "conditionType", KeepZero),
        ]),
        new("PodSchedulingGate",
        [
            Text(1, "name", KeepZero),
        ]),
        new("PodResourceClaim",
        [
            Text(1, "name", KeepZero),
            Text(3, "resourceClaimName", KeepZero),
            Text(4, "resourceClaimTemplateName", KeepZero),
        ]),
        new("PodSchedulingGroup",
        [
            Text(1, "podGroupName", KeepZero),
        ]),
    ];
}
