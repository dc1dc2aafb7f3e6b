using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// Kubernetes' defaults for a pod spec (<c>SetDefaults_PodSpec</c> and what it nests), applied to
/// pods and to the pod templates of workloads alike.
/// </summary>
internal static class PodSpecDefaults
{
    public static void Apply(JsonObject spec)
    {
        spec.DefaultString("dnsPolicy", "ClusterFirst");
        spec.DefaultString("restartPolicy", "Always");
        spec.DefaultValue("securityContext", new JsonObject());
        spec.DefaultValue("terminationGracePeriodSeconds", 30L);
        spec.DefaultString("schedulerName", "default-scheduler");
        foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            foreach (var (container, _) in spec.ArrayAt(list).Items())
            {
                ContainerDefaults.Apply(container);
            }
        }

        foreach (var (volume, _) in spec.ArrayAt("volumes").Items())
        {
            VolumeDefaults.Apply(volume);
        }
    }

    /// <summary>
    /// A pod template's defaults: its spec's, and the <c>creationTimestamp: null</c> Kubernetes
    /// writes into every embedded object metadata.
    /// </summary>
    public static void ApplyToTemplate(JsonObject owner, string templateField = "template")
    {
        var template = owner.EnsureObject(templateField);
        var metadata = template.EnsureObject("metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        Apply(template.EnsureObject("spec"));
    }
}
