using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>apps/v1 Deployment: spec, strategy (maxSurge and maxUnavailable are IntOrString) and status.</summary>
internal static class AppsV1Messages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Deployment",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "DeploymentSpec"),
            Message(3, "status", "DeploymentStatus"),
        ]),
        new("DeploymentSpec",
        [
            Int(1, "replicas", KeepZero),
            Message(2, "selector", "LabelSelector"),
            Message(3, "template", "PodTemplateSpec"),
            Message(4, "strategy", "DeploymentStrategy"),
            Int(5, "minReadySeconds"),
            Int(6, "revisionHistoryLimit", KeepZero),
            Bool(7, "paused"),
            Int(9, "progressDeadlineSeconds", KeepZero),
        ]),
        new("DeploymentStatus",
        [
            Int(1, "observedGeneration"),
            Int(2, "replicas"),
            Int(3, "updatedReplicas"),
            Int(7, "readyReplicas"),
            Int(4, "availableReplicas"),
            Int(5, "unavailableReplicas"),
            Int(9, "terminatingReplicas", KeepZero),
            Messages(6, "conditions", "DeploymentCondition"),
            Int(8, "collisionCount", KeepZero),
        ]),
        new("DeploymentStrategy",
        [
            Text(1, "type"),
            Message(2, "rollingUpdate", "RollingUpdateDeployment"),
        ]),
        new("DeploymentCondition",
        [
            Text(1, "type", KeepZero),
            Text(2, "status", KeepZero),
            Time(6, "lastUpdateTime"),
            Time(7, "lastTransitionTime"),
            Text(4, "reason"),
            Text(5, "message"),
        ]),
        new("RollingUpdateDeployment",
        [
            IntOrString(1, "maxUnavailable"),
            IntOrString(2, "maxSurge"),
        ]),
    ];
}
