using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>Kubernetes' defaults for pod volumes: an empty source is an emptyDir, projected files get mode 0644.</summary>
internal static class VolumeDefaults
{
    /// <summary>0644, the mode Kubernetes gives files of secret, configMap, downwardAPI and projected volumes.</summary>
    public const long DefaultMode = 420;

    public static void Apply(JsonObject volume)
    {
        if (!VolumeSources.Names.Any(source => volume[source] is not null))
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            volume.ObjectAt(source)?.DefaultValue("defaultMode", DefaultMode);
        }

        volume.ObjectAt("hostPath")?.DefaultValue("type", "");
        DownwardApiItems(volume.ObjectAt("downwardAPI"));
        foreach (var (projection, _) in volume.ObjectAt("projected")?.ArrayAt("sources").Items() ?? [])
        {
            projection.ObjectAt("serviceAccountToken")?.DefaultValue("expirationSeconds", 3600L);
            DownwardApiItems(projection.ObjectAt("downwardAPI"));
        }

        if (volume.ObjectAt("ephemeral")?.ObjectAt("volumeClaimTemplate")?.ObjectAt("spec") is { } claim)
        {
            claim.DefaultValue("volumeMode", "Filesystem");
        }
    }

    private static void DownwardApiItems(JsonObject? downwardApi)
    {
        foreach (var (item, _) in downwardApi?.ArrayAt("items").Items() ?? [])
        {
            if (item.ObjectAt("fieldRef") is { } fieldRef)
            {
                ContainerDefaults.FieldReference(fieldRef);
            }
        }
    }
}
