using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 probes and lifecycle hooks: exec, HTTP, TCP, gRPC and sleep handlers, inline in Probe and LifecycleHandler.</summary>
internal static class CoreV1ProbeMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Probe",
        [
            Inline(1, "ProbeHandler"),
            Int(2, "initialDelaySeconds"),
            Int(3, "timeoutSeconds"),
            Int(4, "periodSeconds"),
            Int(5, "successThreshold"),
            Int(6, "failureThreshold"),
            Int(7, "terminationGracePeriodSeconds", KeepZero),
        ]),
        new("ProbeHandler",
        [
            Message(1, "exec", "ExecAction"),
            Message(2, "httpGet", "HTTPGetAction"),
            Message(3, "tcpSocket", "TCPSocketAction"),
            Message(4, "grpc", "GRPCAction"),
        ]),
        new("ExecAction",
        [
            Texts(1, "command"),
        ]),
        new("HTTPGetAction",
        [
            Text(1, "path"),
            IntOrString(2, "port"),
            Text(3, "host"),
            Text(4, "scheme"),
            Messages(5, "httpHeaders", "HTTPHeader"),
        ]),
        new("HTTPHeader",
        [
            Text(1, "name", KeepZero),
            Text(2, "value", KeepZero),
        ]),
        new("TCPSocketAction",
        [
            IntOrString(1, "port"),
            Text(2, "host"),
        ]),
        new("GRPCAction",
        [
            Int(1, "port", KeepZero),
            Text(2, "service", KeepZero),
        ]),
        new("Lifecycle",
        [
            Message(1, "postStart", "LifecycleHandler"),
            Message(2, "preStop", "LifecycleHandler"),
            Text(3, "stopSignal", KeepZero),
        ]),
        new("LifecycleHandler",
        [
            Message(1, "exec", "ExecAction"),
            Message(2, "httpGet", "HTTPGetAction"),
            Message(3, "tcpSocket", "TCPSocketAction"),
            Message(4, "sleep", "SleepAction"),
        ]),
        new("SleepAction",
        [
            Int(1, "seconds", KeepZero),
        ]),
    ];
}
