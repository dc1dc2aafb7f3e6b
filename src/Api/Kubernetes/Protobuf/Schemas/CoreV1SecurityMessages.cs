using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>core/v1 security contexts of pods and containers.</summary>
internal static class CoreV1SecurityMessages
{
    public static readonly ProtobufMessage[] All =
    [
        new("PodSecurityContext",
        [
            Message(1, "seLinuxOptions", "SELinuxOptions"),
            Message(8, "windowsOptions", "WindowsSecurityContextOptions"),
            Int(2, "runAsUser", KeepZero),
            Int(6, "runAsGroup", KeepZero),
            Bool(3, "runAsNonRoot", KeepZero),
            Ints(4, "supplementalGroups"),
            Text(12, "supplementalGroupsPolicy", KeepZero),
            Int(5, "fsGroup", KeepZero),
            Messages(7, "sysctls", "Sysctl"),
            Text(9, "fsGroupChangePolicy", KeepZero),
            Message(10, "seccompProfile", "SeccompProfile"),
            Message(11, "appArmorProfile", "AppArmorProfile"),
            Text(13, "seLinuxChangePolicy", KeepZero),
        ]),
        new("SecurityContext",
        [
            Message(1, "capabilities", "Capabilities"),
            Bool(2, "privileged", KeepZero),
            Message(3, "seLinuxOptions", "SELinuxOptions"),
            Message(10, "windowsOptions", "WindowsSecurityContextOptions"),
            Int(4, "runAsUser", KeepZero),
            Int(8, "runAsGroup", KeepZero),
            Bool(5, "runAsNonRoot", KeepZero),
            Bool(6, "readOnlyRootFilesystem", KeepZero),
            Bool(7, "allowPrivilegeEscalation", KeepZero),
            Text(9, "procMount", KeepZero),
            Message(11, "seccompProfile", "SeccompProfile"),
            Message(12, "appArmorProfile", "AppArmorProfile"),
        ]),
        new("Capabilities",
        [
            Texts(1, "add"),
            Texts(2, "drop"),
        ]),
        new("SELinuxOptions",
        [
            Text(1, "user"),
            Text(2, "role"),
            Text(3, "type"),
            Text(4, "level"),
        ]),
        new("WindowsSecurityContextOptions",
        [
            Text(1, "gmsaCredentialSpecName", KeepZero),
            Text(2, "gmsaCredentialSpec", KeepZero),
            Text(3, "runAsUserName", KeepZero),
            Bool(4, "hostProcess", KeepZero),
        ]),
        new("Sysctl",
        [
            Text(1, "name", KeepZero),
            Text(2, "value", KeepZero),
        ]),
        new("SeccompProfile",
        [
            Text(1, "type", KeepZero),
            Text(2, "localhostProfile", KeepZero),
        ]),
        new("AppArmorProfile",
        [
            Text(1, "type", KeepZero),
            Text(2, "localhostProfile", KeepZero),
        ]),
    ];
}
