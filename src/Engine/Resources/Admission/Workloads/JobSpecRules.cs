using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// A job spec, in a Job or in a CronJob's job template (Kubernetes' <c>validateJobSpec</c>):
/// non-negative counts, a completion mode, and a pod template whose pods stop (restartPolicy
/// OnFailure or Never).
/// </summary>
internal static class JobSpecRules
{
    public static void Validate(ResourceType type, JsonObject spec, FieldPath path, FieldErrors errors)
    {
        foreach (var field in new[] { "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished" })
        {
            ReplicatedPodRules.NonNegative(spec, field, errors, path);
        }

        if (spec.StringAt("completionMode") is { } mode)
        {
            if (mode is not ("NonIndexed" or "Indexed"))
            {
                errors.NotSupported(path.Child("completionMode"), mode, "NonIndexed", "Indexed");
            }
            else if (mode == "Indexed" && spec.IsUnset("completions"))
            {
                errors.Required(path.Child("completions"), "when completion mode is Indexed");
            }
        }

        if (spec.StringAt("podReplacementPolicy") is { } replacement && replacement is not ("TerminatingOrFailed" or "Failed"))
        {
            errors.NotSupported(path.Child("podReplacementPolicy"), replacement, "TerminatingOrFailed", "Failed");
        }

        var template = spec.ObjectAt("template");
        PodTemplateRules.Validate(type, template, path.Child("template"), errors);
        var restartPolicy = template?.ObjectAt("spec")?.TextAt("restartPolicy") ?? "";
        if (restartPolicy is not ("OnFailure" or "Never"))
        {
            errors.NotSupported(path.Child("template", "spec", "restartPolicy"), restartPolicy, "OnFailure", "Never");
        }
        else if (restartPolicy == "OnFailure" && spec["podFailurePolicy"] is not null)
        {
            errors.Invalid(path.Child("template", "spec", "restartPolicy"), restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified");
        }
    }
}
