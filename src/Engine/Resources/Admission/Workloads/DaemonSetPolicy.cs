using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// DaemonSets: a rolling update of one pod at a time by default, 10 revisions, and the template
/// generation Kubernetes still records in the <c>deprecated.daemonset.template.generation</c> annotation.
/// </summary>
internal sealed class DaemonSetPolicy : KindPolicy
{
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private static readonly FieldPath UpdateStrategy = FieldPath.Root("spec").Child("updateStrategy");

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        var strategy = spec.EnsureObject("updateStrategy");
        strategy.DefaultString("type", "RollingUpdate");
        if (strategy.TextAt("type") == "RollingUpdate")
        {
            var rollingUpdate = strategy.EnsureObject("rollingUpdate");
            rollingUpdate.DefaultValue("maxUnavailable", 1L);
            rollingUpdate.DefaultValue("maxSurge", 0L);
        }

        spec.DefaultValue("revisionHistoryLimit", 10L);
        PodSpecDefaults.ApplyToTemplate(spec);
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj) => SetTemplateGeneration(obj, 1);

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        var generation = long.TryParse(old.ObjectAt("metadata")?.ObjectAt("annotations")?.StringAt(TemplateGenerationAnnotation), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        if (!SemanticJson.Equal(obj.ObjectAt("spec")?["template"], old.ObjectAt("spec")?["template"]))
        {
            generation++;
        }

        SetTemplateGeneration(obj, generation);
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        ReplicatedPodRules.ValidateSelectorAndTemplate(type, spec, "daemonset", errors);
        ReplicatedPodRules.NonNegative(spec, "minReadySeconds", errors);
        ValidateUpdateStrategy(spec.ObjectAt("updateStrategy") ?? [], errors);
        ReplicatedPodRules.NonNegative(spec, "revisionHistoryLimit", errors);
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        ReplicatedPodRules.ValidateSelectorUnchanged(obj, old, errors);
    }

    private static void SetTemplateGeneration(JsonObject obj, long generation) =>
        obj.EnsureObject("metadata").EnsureObject("annotations")[TemplateGenerationAnnotation] = generation.ToString(CultureInfo.InvariantCulture);

    private static void ValidateUpdateStrategy(JsonObject strategy, FieldErrors errors)
    {
        switch (strategy.TextAt("type"))
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                if (strategy.ObjectAt("rollingUpdate") is not { } rollingUpdate)
                {
                    errors.Required(UpdateStrategy.Child("rollingUpdate"));
                    break;
                }

                var path = UpdateStrategy.Child("rollingUpdate");
                var maxUnavailable = rollingUpdate["maxUnavailable"];
                var maxSurge = rollingUpdate["maxSurge"];
                IntOrPercent.ValidatePositive(maxUnavailable, path.Child("maxUnavailable"), errors);
                IntOrPercent.ValidatePositive(maxSurge, path.Child("maxSurge"), errors);
                IntOrPercent.ValidateAtMostHundredPercent(maxUnavailable, path.Child("maxUnavailable"), errors);
                IntOrPercent.ValidateAtMostHundredPercent(maxSurge, path.Child("maxSurge"), errors);
                var hasUnavailable = IntOrPercent.Amount(maxUnavailable) != 0;
                var hasSurge = IntOrPercent.Amount(maxSurge) != 0;
                if (hasUnavailable && hasSurge)
                {
                    errors.Invalid(path.Child("maxSurge"), BadValue.IntOrString(maxSurge), "may not be set when maxUnavailable is non-zero");
                }
                else if (!hasUnavailable && !hasSurge)
                {
                    errors.Required(path.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0");
                }

                break;
            case var type:
                errors.NotSupported(UpdateStrategy.Child("type"), type, "RollingUpdate", "OnDelete");
                break;
        }
    }
}
