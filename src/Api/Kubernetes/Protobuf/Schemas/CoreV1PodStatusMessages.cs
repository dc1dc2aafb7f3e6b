using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 pod status. kubectl sends it empty; it is here so a pod is read whole, whoever sends it.</summary>
internal static class CoreV1PodStatusMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("PodStatus",
        [
            Int(17, "observedGeneration"),
            Text(1, "phase"),
            Messages(2, "conditions", "PodCondition"),
            Text(3, "message"),
            Text(4, "reason"),
            Text(11, "nominatedNodeName"),
            Text(5, "hostIP"),
            Messages(16, "hostIPs", "HostIP"),
            Text(6, "podIP"),
            Messages(12, "podIPs", "PodIP"),
            Time(7, "startTime"),
            Messages(10, "initContainerStatuses", "ContainerStatus"),
            Messages(8, "containerStatuses", "ContainerStatus"),
            Text(9, "qosClass"),
            Messages(13, "ephemeralContainerStatuses", "ContainerStatus"),
            Text(14, "resize"),
            Messages(15, "resourceClaimStatuses", "PodResourceClaimStatus"),
            Message(18, "extendedResourceClaimStatus", "PodExtendedResourceClaimStatus"),
            QuantityMap(19, "allocatedResources"),
            Message(20, "resources", "ResourceRequirements"),
            Messages(21, "nodeAllocatableResourceClaimStatuses", "NodeAllocatableResourceClaimStatus"),
        ]),
        new("PodCondition",
        [
            Text(1, "type", KeepZero),
            Int(7, "observedGeneration"),
            Text(2, "status", KeepZero),
            Time(3, "lastProbeTime"),
            Time(4, "lastTransitionTime"),
            Text(5, "reason"),
            Text(6, "message"),
        ]),
        new("HostIP",
        [
            Text(1, "ip", KeepZero),
        ]),
        new("PodIP",
        [
            Text(1, "ip", KeepZero),
        ]),
        new("ContainerStatus",
        [
            Text(1, "name", KeepZero),
            Message(2, "state", "ContainerState"),
            Message(3, "lastState", "ContainerState"),
            Bool(4, "ready", KeepZero),
            Int(5, "restartCount", KeepZero),
            Text(6, "image", KeepZero),
            Text(7, "imageID", KeepZero),
            Text(8, "containerID"),
            Bool(9, "started", KeepZero),
            QuantityMap(10, "allocatedResources"),
            Message(11, "resources", "ResourceRequirements"),
            Messages(12, "volumeMounts", "VolumeMountStatus"),
            Message(13, "user", "ContainerUser"),
            Messages(14, "allocatedResourcesStatus", "ResourceStatus"),
            Text(15, "stopSignal", KeepZero),
        ]),
        new("ContainerState",
        [
            Message(1, "waiting", "ContainerStateWaiting"),
            Message(2, "running", "ContainerStateRunning"),
            Message(3, "terminated", "ContainerStateTerminated"),
        ]),
        new("ContainerStateWaiting",
        [
            Text(1, "reason"),
            Text(2, "message"),
        ]),
        new("ContainerStateRunning",
        [
            Time(1, "startedAt"),
        ]),
        new("ContainerStateTerminated",
        [
            Int(1, "exitCode", KeepZero),
            Int(2, "signal"),
            Text(3, "reason"),
            Text(4, "message"),
            Time(5, "startedAt"),
            Time(6, "finishedAt"),
            Text(7, "containerID"),
        ]),
        new("VolumeMountStatus",
        [
            Text(1, "name", KeepZero),
            Text(2, "mountPath", KeepZero),
            Bool(3, "readOnly"),
            Text(4, "recursiveReadOnly", KeepZero),
            Message(5, "volumeStatus", "VolumeStatus"),
        ]),
        new("ContainerUser",
        [
            Message(1, "linux", "LinuxContainerUser"),
        ]),
        new("LinuxContainerUser",
        [
            Int(1, "uid", KeepZero),
            Int(2, "gid", KeepZero),
            Ints(3, "supplementalGroups"),
        ]),
        new("ResourceStatus",
        [
            Text(1, "name", KeepZero),
            Messages(2, "resources", "ResourceHealth"),
        ]),
        new("ResourceHealth",
        [
            Text(1, "resourceID", KeepZero),
            Text(2, "health"),
            Text(6, "message", KeepZero),
        ]),
        new("PodResourceClaimStatus",
        [
            Text(1, "name", KeepZero),
            Text(2, "resourceClaimName", KeepZero),
        ]),
        new("PodExtendedResourceClaimStatus",
        [
            Messages(1, "requestMappings", "ContainerExtendedResourceRequest"),
            Text(2, "resourceClaimName", KeepZero),
        ]),
        new("ContainerExtendedResourceRequest",
        [
            Text(1, "containerName", KeepZero),
            Text(2, "resourceName", KeepZero),
            Text(3, "requestName", KeepZero),
        ]),
        new("NodeAllocatableResourceClaimStatus",
        [
            Text(1, "resourceClaimName", KeepZero),
            Texts(2, "containers"),
            QuantityMap(3, "resources"),
        ]),
        new("VolumeStatus",
        [
            Message(1, "image", "ImageVolumeStatus"),
        ]),
        new("ImageVolumeStatus",
        [
            Text(1, "imageRef"),
        ]),
    ];
}
