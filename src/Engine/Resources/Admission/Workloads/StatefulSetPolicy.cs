using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// StatefulSets: one replica, OrderedReady pods, a rolling update from partition 0, 10 revisions and
/// claims retained by default; after creation only replicas, ordinals, template, update strategy,
/// claim retention and minReadySeconds may change.
/// </summary>
internal sealed class StatefulSetPolicy : KindPolicy
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly string[] Mutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        spec.DefaultString("podManagementPolicy", "OrderedReady");
        var strategy = spec.EnsureObject("updateStrategy");
        if (strategy.TextAt("type").Length == 0)
        {
            strategy["type"] = "RollingUpdate";
            strategy.EnsureObject("rollingUpdate");
        }

        if (strategy.TextAt("type") == "RollingUpdate" && strategy.ObjectAt("rollingUpdate") is { } rollingUpdate)
        {
            rollingUpdate.DefaultValue("partition", 0L);
        }

        var retention = spec.EnsureObject("persistentVolumeClaimRetentionPolicy");
        retention.DefaultString("whenDeleted", "Retain");
        retention.DefaultString("whenScaled", "Retain");
        spec.DefaultValue("replicas", 1L);
        spec.DefaultValue("revisionHistoryLimit", 10L);
        PodSpecDefaults.ApplyToTemplate(spec);
        foreach (var (claim, _) in spec.ArrayAt("volumeClaimTemplates").Items())
        {
            // Claim templates read back as whole PersistentVolumeClaims, as Kubernetes writes them.
            claim.DefaultString("apiVersion", "v1");
            claim.DefaultString("kind", "PersistentVolumeClaim");
            var metadata = claim.EnsureObject("metadata");
            if (!metadata.ContainsKey("creationTimestamp"))
            {
                metadata["creationTimestamp"] = null;
            }

            claim.EnsureObject("spec").DefaultValue("volumeMode", "Filesystem");
            claim.EnsureObject("status").DefaultString("phase", "Pending");
        }
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        switch (spec.TextAt("podManagementPolicy"))
        {
            case "OrderedReady" or "Parallel":
                break;
            case "":
                errors.Required(Spec.Child("podManagementPolicy"));
                break;
            case var policy:
                errors.Invalid(Spec.Child("podManagementPolicy"), policy, "must be 'OrderedReady' or 'Parallel'");
                break;
        }

        ValidateUpdateStrategy(spec.ObjectAt("updateStrategy") ?? [], errors);
        var retention = spec.ObjectAt("persistentVolumeClaimRetentionPolicy");
        foreach (var field in new[] { "whenDeleted", "whenScaled" })
        {
            if (retention?.TextAt(field) is { } value && value is not ("Retain" or "Delete"))
            {
                errors.NotSupported(Spec.Child("persistentVolumeClaimRetentionPolicy", field), value, "Retain", "Delete");
            }
        }

        ReplicatedPodRules.NonNegative(spec, "replicas", errors);
        ReplicatedPodRules.NonNegative(spec, "minReadySeconds", errors);
        if (spec.ObjectAt("ordinals") is { } ordinals)
        {
            ReplicatedPodRules.NonNegative(ordinals, "start", errors, Spec.Child("ordinals"));
        }

        ReplicatedPodRules.ValidateSelectorAndTemplate(type, spec, "statefulset", errors);
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        if (!SemanticJson.Equal(Fixed(obj), Fixed(old)))
        {
            errors.Forbidden(Spec, "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
        }
    }

    // The spec without the fields an update may change.
    private static JsonObject Fixed(JsonObject obj)
    {
        var spec = (JsonObject)(obj.ObjectAt("spec")?.DeepClone() ?? new JsonObject());
        foreach (var field in Mutable)
        {
            spec.Remove(field);
        }

        return spec;
    }

    private static void ValidateUpdateStrategy(JsonObject strategy, FieldErrors errors)
    {
        var path = Spec.Child("updateStrategy");
        var rollingUpdate = strategy.ObjectAt("rollingUpdate");
        switch (strategy.TextAt("type"))
        {
            case "":
                errors.Required(path);
                break;
            case "OnDelete":
                if (rollingUpdate is not null)
                {
                    errors.Invalid(path.Child("rollingUpdate"), BadValue.Of(rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'");
                }

                break;
            case "RollingUpdate":
                if (rollingUpdate is not null)
                {
                    ReplicatedPodRules.NonNegative(rollingUpdate, "partition", errors, path.Child("rollingUpdate"));
                }

                break;
            default:
                errors.Invalid(path, BadValue.Of(strategy), "must be 'RollingUpdate' or 'OnDelete'");
                break;
        }
    }
}
