using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// Pods: spec defaults and pod-only defaults, the admission plugins' service account, tolerations
/// and priority on create, a Pending status with its QoS class, and a spec that may change only
/// where Kubernetes lets it.
/// </summary>
internal sealed class PodPolicy : KindPolicy
{
    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        PodSpecDefaults.Apply(spec);
        PodDefaults.Apply(spec);
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        PodDefaults.ApplyOnCreate(spec);
        PodPriority.ApplyOnCreate(type, obj.EnsureObject("metadata").TextAt("name"), spec);
    }

    public override JsonObject InitialStatus(JsonObject obj) => new()
    {
        ["phase"] = "Pending",
        ["qosClass"] = QosClass.Of(obj.ObjectAt("spec") ?? []),
    };

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors) =>
        PodSpecRules.Validate(type, obj.ObjectAt("spec"), FieldPath.Root("spec"), errors, isPod: true);

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        PodUpdateRules.Validate(obj.ObjectAt("spec") ?? [], old.ObjectAt("spec") ?? [], errors);
    }
}
