using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;
using Berth.Engine.Resources.Admission.Pods;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// Jobs: batch/v1 defaults (one pod to completion, six retries, NonIndexed, not suspended), and the
/// selector Kubernetes generates from the job's uid: the pods are labelled
/// <c>batch.kubernetes.io/controller-uid</c>, <c>batch.kubernetes.io/job-name</c> and their legacy
/// twins, so no other job's pods can match. Selector and template are fixed once created.
/// </summary>
internal sealed class JobPolicy : KindPolicy
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        if (spec.IsUnset("completions") && spec.IsUnset("parallelism"))
        {
            spec["completions"] = 1L;
        }

        spec.DefaultValue("parallelism", 1L);
        spec.DefaultValue("backoffLimit", spec.IsUnset("backoffLimitPerIndex") ? 6L : int.MaxValue);
        spec.DefaultValue("completionMode", "NonIndexed");
        spec.DefaultValue("suspend", false);
        spec.DefaultValue("podReplacementPolicy", spec.IsUnset("podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
        PodSpecDefaults.ApplyToTemplate(spec);
        CopyTemplateLabels(obj);
    }

    public override void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        if (spec.BoolAt("manualSelector") != true)
        {
            GenerateSelector(obj, spec);
            CopyTemplateLabels(obj);
        }
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors)
    {
        var spec = obj.ObjectAt("spec") ?? [];
        if (spec.BoolAt("manualSelector") != true)
        {
            ValidateGeneratedSelector(obj, spec, errors);
        }

        JobSpecRules.Validate(type, spec, Spec, errors);
        var selector = spec.ObjectAt("selector");
        if (LabelRules.ValidateRequiredSelector(selector, Spec.Child("selector"), errors))
        {
            PodTemplateRules.ValidateSelectorMatchesTemplate(selector, spec.ObjectAt("template"), Spec.Child("template"), errors);
        }
    }

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors)
    {
        Validate(type, obj, errors);
        var spec = obj.ObjectAt("spec") ?? [];
        var oldSpec = old.ObjectAt("spec") ?? [];
        if (!SemanticJson.Equal(spec["completions"], oldSpec["completions"]))
        {
            if (spec.TextAt("completionMode") != "Indexed")
            {
                errors.Invalid(Spec.Child("completions"), BadValue.Of(spec["completions"]), ValidationMessages.Immutable);
            }
            else if (spec.IntegerAt("completions") is { } completions && completions != spec.IntegerAt("parallelism"))
            {
                errors.Invalid(Spec.Child("completions"), completions, "can only be modified in tandem with spec.parallelism");
            }
        }

        if (!SemanticJson.Equal(spec["selector"], oldSpec["selector"]))
        {
            errors.Invalid(Spec.Child("selector"), BadValue.LabelSelector(spec.ObjectAt("selector")), ValidationMessages.Immutable);
        }

        if (!SemanticJson.Equal(MutableTemplate(spec, oldSpec, old), oldSpec["template"]))
        {
            errors.Invalid(Spec.Child("template"), BadValue.Of(spec["template"]), ValidationMessages.Immutable);
        }

        foreach (var field in new[] { "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy" })
        {
            if (!SemanticJson.Equal(spec[field], oldSpec[field]))
            {
                errors.Invalid(Spec.Child(field), BadValue.Of(spec[field]), ValidationMessages.Immutable);
            }
        }
    }

    // Kubernetes' generateSelector: label the template and select on the uid label.
    private static void GenerateSelector(JsonObject obj, JsonObject spec)
    {
        var metadata = obj.EnsureObject("metadata");
        var uid = metadata.TextAt("uid");
        var name = metadata.TextAt("name");
        var labels = spec.EnsureObject("template").EnsureObject("metadata").EnsureObject("labels");
        foreach (var (label, value) in new[] { (LegacyJobNameLabel, name), (JobNameLabel, name), (LegacyControllerUidLabel, uid), (ControllerUidLabel, uid) })
        {
            if (!labels.ContainsKey(label))
            {
                labels[label] = value;
            }
        }

        var matchLabels = spec.EnsureObject("selector").EnsureObject("matchLabels");
        if (!matchLabels.ContainsKey(ControllerUidLabel))
        {
            matchLabels[ControllerUidLabel] = uid;
        }
    }

    // batch/v1's defaulting gives a job without labels its template's labels.
    private static void CopyTemplateLabels(JsonObject obj)
    {
        var templateLabels = obj.ObjectAt("spec")?.ObjectAt("template")?.ObjectAt("metadata")?.ObjectAt("labels");
        var metadata = obj.EnsureObject("metadata");
        if (templateLabels is not null && (metadata.ObjectAt("labels")?.Count ?? 0) == 0)
        {
            metadata["labels"] = templateLabels.DeepClone();
        }
    }

    private static void ValidateGeneratedSelector(JsonObject obj, JsonObject spec, FieldErrors errors)
    {
        var metadata = obj.ObjectAt("metadata") ?? [];
        var templateMetadata = spec.ObjectAt("template")?.ObjectAt("metadata");
        var labels = templateMetadata?.ObjectAt("labels");
        var labelsPath = Spec.Child("template", "metadata", "labels");
        if (labels is null)
        {
            errors.Required(labelsPath);
            return;
        }

        var uid = metadata.TextAt("uid");
        var name = metadata.TextAt("name");
        foreach (var (label, expected) in new[] { (LegacyControllerUidLabel, uid), (LegacyJobNameLabel, name), (ControllerUidLabel, uid), (JobNameLabel, name) })
        {
            if (labels.StringAt(label) is not { } actual)
            {
                errors.Required(labelsPath.Key(label), $"must be '{expected}'");
            }
            else if (actual != expected)
            {
                errors.Invalid(labelsPath.Key(label), BadValue.StringMap(labels), $"must be '{expected}'");
            }
        }

        var selector = spec.ObjectAt("selector");
        var expectedLabels = new JsonObject { [ControllerUidLabel] = uid };
        if (selector is not null && !LabelRules.Matches(selector, expectedLabels))
        {
            errors.Invalid(Spec.Child("selector"), BadValue.LabelSelector(selector), "`selector` not auto-generated");
        }
    }

    // A suspended job that never started may change where its pods run (Kubernetes' mutable scheduling directives).
    private static JsonNode? MutableTemplate(JsonObject spec, JsonObject oldSpec, JsonObject old)
    {
        var template = spec["template"]?.DeepClone() as JsonObject;
        var oldTemplate = oldSpec.ObjectAt("template");
        var neverStarted = oldSpec.BoolAt("suspend") == true && old.ObjectAt("status")?["startTime"] is null;
        if (template is null || oldTemplate is null || !neverStarted)
        {
            return template;
        }

        var templateMetadata = template.EnsureObject("metadata");
        templateMetadata["labels"] = oldTemplate.ObjectAt("metadata")?["labels"]?.DeepClone();
        templateMetadata["annotations"] = oldTemplate.ObjectAt("metadata")?["annotations"]?.DeepClone();
        var podSpec = template.EnsureObject("spec");
        foreach (var field in new[] { "nodeSelector", "tolerations", "affinity", "schedulingGates" })
        {
            podSpec[field] = oldTemplate.ObjectAt("spec")?[field]?.DeepClone();
        }

        return template;
    }
}
