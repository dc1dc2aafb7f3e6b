namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>The volume source fields of a Kubernetes <c>Volume</c>; a volume names exactly one.</summary>
internal static class VolumeSources
{
    public static readonly string[] Names =
    [
        "emptyDir", "hostPath", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi",
        "glusterfs", "flocker", "persistentVolumeClaim", "rbd", "cinder", "cephfs", "quobyte", "downwardAPI", "fc",
        "flexVolume", "configMap", "azureFile", "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk",
        "storageos", "projected", "scaleIO", "csi", "ephemeral", "image",
    ];
}
