using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 Service: ports (target ports are IntOrString), session affinity and the load-balancer status.</summary>
internal static class CoreV1ServiceMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Service",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "ServiceSpec"),
            Message(3, "status", "ServiceStatus"),
        ]),
        new("ServiceSpec",
        [
            Messages(1, "ports", "ServicePort"),
            TextMap(2, "selector"),
            Text(3, "clusterIP"),
            Texts(18, "clusterIPs"),
            Text(4, "type"),
            Texts(5, "externalIPs"),
            Text(7, "sessionAffinity"),
            Text(8, "loadBalancerIP"),
            Texts(9, "loadBalancerSourceRanges"),
            Text(10, "externalName"),
            Text(11, "externalTrafficPolicy"),
            Int(12, "healthCheckNodePort"),
            Bool(13, "publishNotReadyAddresses"),
            Message(14, "sessionAffinityConfig", "SessionAffinityConfig"),
            Texts(19, "ipFamilies"),
            Text(17, "ipFamilyPolicy", KeepZero),
            Bool(20, "allocateLoadBalancerNodePorts", KeepZero),
            Text(21, "loadBalancerClass", KeepZero),
            Text(22, "internalTrafficPolicy", KeepZero),
            Text(23, "trafficDistribution", KeepZero),
        ]),
        new("ServicePort",
        [
            Text(1, "name"),
            Text(2, "protocol"),
            Text(6, "appProtocol", KeepZero),
            Int(3, "port", KeepZero),
            IntOrString(4, "targetPort"),
            Int(5, "nodePort"),
        ]),
        new("SessionAffinityConfig",
        [
            Message(1, "clientIP", "ClientIPConfig"),
        ]),
        new("ClientIPConfig",
        [
            Int(1, "timeoutSeconds", KeepZero),
        ]),
        new("ServiceStatus",
        [
            Message(1, "loadBalancer", "LoadBalancerStatus"),
            Messages(2, "conditions", "Condition"),
        ]),
        new("LoadBalancerStatus",
        [
            Messages(1, "ingress", "LoadBalancerIngress"),
        ]),
        new("LoadBalancerIngress",
        [
            Text(1, "ip"),
            Text(2, "hostname"),
            Text(3, "ipMode", KeepZero),
            Messages(4, "ports", "PortStatus"),
        ]),
        new("PortStatus",
        [
            Int(1, "port", KeepZero),
            Text(2, "protocol", KeepZero),
            Text(3, "error", KeepZero),
        ]),
    ];
}
