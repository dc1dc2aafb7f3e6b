using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;
using Berth.Engine.Resources.Admission.Pods;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// The rules shared by controllers that keep pods running from a template (Deployment, ReplicaSet,
/// DaemonSet, StatefulSet): a non-empty selector that selects the template's pods, a valid
/// template, restartPolicy Always, no activeDeadlineSeconds, and a selector fixed at creation.
/// </summary>
internal static class ReplicatedPodRules
{
    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public static void NonNegative(JsonObject owner, string field, FieldErrors errors, FieldPath? at = null)
    {
        if (owner.IntegerAt(field) is < 0 and var negative)
        {
            errors.Invalid((at ?? Spec).Child(field), negative, ValidationMessages.NonNegative);
        }
    }

    /// <summary>
    /// The selector and template; <paramref name="kindWord"/> ends the empty-selector message as
    /// Kubernetes words it. As in Kubernetes, a selector that cannot be read hides the template's
    /// errors, and a missing one selects nothing, so the template's labels are reported too.
    /// </summary>
    public static void ValidateSelectorAndTemplate(ResourceType type, JsonObject spec, string kindWord, FieldErrors errors)
    {
        var selector = spec.ObjectAt("selector");
        var readable = LabelRules.ValidateRequiredSelector(selector, Spec.Child("selector"), errors);
        if (selector is not null && LabelRules.IsEmpty(selector))
        {
            errors.Invalid(Spec.Child("selector"), BadValue.LabelSelector(selector), $"empty selector is invalid for {kindWord}");
        }

        if (!readable)
        {
            errors.Invalid(Spec.Child("selector"), BadValue.LabelSelector(selector), "invalid label selector");
            return;
        }

        var template = spec.ObjectAt("template");
        var templatePath = Spec.Child("template");
        PodTemplateRules.ValidateSelectorMatchesTemplate(selector, template, templatePath, errors);
        PodTemplateRules.Validate(type, template, templatePath, errors);
        var podSpec = template?.ObjectAt("spec") ?? [];
        var restartPolicy = podSpec.TextAt("restartPolicy");
        if (restartPolicy != "Always")
        {
            errors.NotSupported(templatePath.Child("spec", "restartPolicy"), restartPolicy, "Always");
        }

        if (podSpec.IntegerAt("activeDeadlineSeconds") is { } deadline)
        {
            errors.Invalid(templatePath.Child("spec", "activeDeadlineSeconds"), deadline, $"activeDeadlineSeconds in {type.Kind} is not Supported");
        }
    }

    /// <summary>apps/v1 refuses any change of a controller's selector: it would orphan the pods it made.</summary>
    public static void ValidateSelectorUnchanged(JsonObject obj, JsonObject old, FieldErrors errors)
    {
        var selector = obj.ObjectAt("spec")?.ObjectAt("selector");
        if (!SemanticJson.Equal(selector, old.ObjectAt("spec")?.ObjectAt("selector")))
        {
            errors.Invalid(Spec.Child("selector"), BadValue.LabelSelector(selector), ValidationMessages.Immutable);
        }
    }
}
