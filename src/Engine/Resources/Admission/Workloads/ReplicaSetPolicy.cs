using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>ReplicaSets: one replica by default; a selector that matches the template and never changes.</summary>
internal sealed class ReplicaSetPolicy : KindPolicy
{
    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        spec.DefaultValue("replicas", 1L);
        PodSpecDefaults.ApplyToTemplate(spec);
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        ReplicatedPodRules.NonNegative(spec, "replicas", errors);
        ReplicatedPodRules.NonNegative(spec, "minReadySeconds", errors);
        // Kubernetes words the empty-selector error for ReplicaSets as for deployments.
        ReplicatedPodRules.ValidateSelectorAndTemplate(type, spec, "deployment", errors);
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        ReplicatedPodRules.ValidateSelectorUnchanged(obj, old, errors);
    }
}
