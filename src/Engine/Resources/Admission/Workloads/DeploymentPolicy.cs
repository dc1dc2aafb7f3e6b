using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>Deployments: apps/v1 defaults (one replica, a 25%/25% rolling update, 10 revisions, 600 s to progress) and rules.</summary>
internal sealed class DeploymentPolicy : KindPolicy
{
    private static readonly FieldPath Strategy = FieldPath.Root("spec").Child("strategy");

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        spec.DefaultValue("replicas", 1L);
        var strategy = spec.EnsureObject("strategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.TextAt("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.EnsureObject("rollingUpdate");
            rollingUpdate.DefaultValue("maxUnavailable", "25%");
            rollingUpdate.DefaultValue("maxSurge", "25%");
        }

        spec.DefaultValue("revisionHistoryLimit", 10L);
        spec.DefaultValue("progressDeadlineSeconds", 600L);
        PodSpecDefaults.ApplyToTemplate(spec);
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        ReplicatedPodRules.NonNegative(spec, "replicas", errors);
        ReplicatedPodRules.ValidateSelectorAndTemplate(type, spec, "deployment", errors);
        ValidateStrategy(spec.ObjectAt("strategy") ?? [], errors);
        ReplicatedPodRules.NonNegative(spec, "minReadySeconds", errors);
        ReplicatedPodRules.NonNegative(spec, "revisionHistoryLimit", errors);
        if (spec.IntegerAt("progressDeadlineSeconds") is { } deadline)
        {
            ReplicatedPodRules.NonNegative(spec, "progressDeadlineSeconds", errors);
            if (deadline <= (spec.IntegerAt("minReadySeconds") ?? 0))
            {
                errors.Invalid(FieldPath.Root("spec").Child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds");
            }
        }
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        ReplicatedPodRules.ValidateSelectorUnchanged(obj, old, errors);
    }

    private static void ValidateStrategy(JsonObject strategy, FieldErrors errors)
    {
        var rollingUpdate = strategy.ObjectAt("rollingUpdate");
        switch (strategy.TextAt("type"))
        {
            case "Recreate":
                if (rollingUpdate is not null)
                {
                    errors.Forbidden(Strategy.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
                }

                break;
            case "RollingUpdate":
                if (rollingUpdate is null)
                {
                    errors.Required(Strategy.Child("rollingUpdate"), "this should be defaulted and never be nil");
                    break;
                }

                var path = Strategy.Child("rollingUpdate");
                IntOrPercent.ValidatePositive(rollingUpdate["maxUnavailable"], path.Child("maxUnavailable"), errors);
                IntOrPercent.ValidatePositive(rollingUpdate["maxSurge"], path.Child("maxSurge"), errors);
                if (IntOrPercent.Amount(rollingUpdate["maxUnavailable"]) == 0 && IntOrPercent.Amount(rollingUpdate["maxSurge"]) == 0)
                {
                    errors.Invalid(path.Child("maxUnavailable"), BadValue.IntOrString(rollingUpdate["maxUnavailable"]), "may not be 0 when `maxSurge` is 0");
                }

                IntOrPercent.ValidateAtMostHundredPercent(rollingUpdate["maxUnavailable"], path.Child("maxUnavailable"), errors);
                break;
            case var type:
                errors.NotSupported(Strategy.Child("type"), type, "Recreate", "RollingUpdate");
                break;
        }
    }
}
