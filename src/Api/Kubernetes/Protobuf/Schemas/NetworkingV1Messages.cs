using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>networking/v1 Ingress: rules, paths and backends (a service by port number or name, or a resource), TLS and status.</summary>
internal static class NetworkingV1Messages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Ingress",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "IngressSpec"),
            Message(3, "status", "IngressStatus"),
        ]),
        new("IngressSpec",
        [
            Text(4, "ingressClassName", KeepZero),
            Message(1, "defaultBackend", "IngressBackend"),
            Messages(2, "tls", "IngressTLS"),
            Messages(3, "rules", "IngressRule"),
        ]),
        new("IngressStatus",
        [
            Message(1, "loadBalancer", "IngressLoadBalancerStatus"),
        ]),
        new("IngressBackend",
        [
            Message(4, "service", "IngressServiceBackend"),
            Message(3, "resource", "TypedLocalObjectReference"),
        ]),
        new("IngressTLS",
        [
            Texts(1, "hosts"),
            Text(2, "secretName"),
        ]),
        new("IngressRule",
        [
            Text(1, "host"),
            Inline(2, "IngressRuleValue"),
        ]),
        new("IngressLoadBalancerStatus",
        [
            Messages(1, "ingress", "IngressLoadBalancerIngress"),
        ]),
        new("IngressServiceBackend",
        [
            Text(1, "name", KeepZero),
            Message(2, "port", "ServiceBackendPort"),
        ]),
        new("IngressRuleValue",
        [
            Message(1, "http", "HTTPIngressRuleValue"),
        ]),
        new("IngressLoadBalancerIngress",
        [
            Text(1, "ip"),
            Text(2, "hostname"),
            Messages(4, "ports", "IngressPortStatus"),
        ]),
        new("ServiceBackendPort",
        [
            Text(1, "name"),
            Int(2, "number"),
        ]),
        new("HTTPIngressRuleValue",
        [
            Messages(1, "paths", "HTTPIngressPath"),
        ]),
        new("IngressPortStatus",
        [
            Int(1, "port", KeepZero),
            Text(2, "protocol", KeepZero),
            Text(3, "error", KeepZero),
        ]),
        new("HTTPIngressPath",
        [
            Text(1, "path"),
            Text(3, "pathType", KeepZero),
            Message(2, "backend", "IngressBackend"),
        ]),
    ];
}
