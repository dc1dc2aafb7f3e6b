using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;

namespace Berth.Engine.Resources.Admission.Pods;

/// <summary>
/// The pod template of a workload (Kubernetes' <c>ValidatePodTemplateSpec</c>): its labels and
/// annotations, its spec, and the rule that a template has no ephemeral containers.
/// </summary>
internal static class PodTemplateRules
{
    public static void Validate(ResourceType type, JsonObject? template, FieldPath path, FieldErrors errors)
    {
        template ??= new JsonObject();
        ObjectMetaRules.ValidateLabelsAndAnnotations(template.ObjectAt("metadata"), path.Child("metadata"), errors);
        var spec = template.ObjectAt("spec");
        PodSpecRules.Validate(type, spec, path.Child("spec"), errors, isPod: false);
        if ((spec?.ArrayAt("ephemeralContainers")?.Count ?? 0) > 0)
        {
            errors.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template");
        }
    }

    /// <summary>
    /// The selector of a controller must select the pods its template makes. An empty selector
    /// selects everything; a missing one nothing (apimachinery's <c>LabelSelectorAsSelector</c>).
    /// </summary>
    public static void ValidateSelectorMatchesTemplate(JsonObject? selector, JsonObject? template, FieldPath templatePath, FieldErrors errors)
    {
        if (selector is not null && LabelRules.IsEmpty(selector))
        {
            return;
        }

        var labels = template?.ObjectAt("metadata")?.ObjectAt("labels");
        if (selector is null || !LabelRules.Matches(selector, labels))
        {
            errors.Invalid(templatePath.Child("metadata", "labels"), BadValue.StringMap(labels), "`selector` does not match template `labels`");
        }
    }
}
