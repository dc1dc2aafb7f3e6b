using System.Text.Json.Nodes;
using Berth.Engine.Resources.Admission.Metadata;
using Berth.Engine.Resources.Admission.Pods;

namespace Berth.Engine.Resources.Admission.Workloads;

/// <summary>
/// CronJobs: batch/v1 defaults (Allow concurrency, not suspended, keep 3 successful and 1 failed
/// job), a schedule robfig/cron accepts, a job template without its own selector, and a name short
/// enough (52) for the timestamp suffix each job gets.
/// </summary>
internal sealed class CronJobPolicy : KindPolicy
{
    /// <summary>A DNS-1035 label (63) less the 11 characters of the "-{timestamp}" suffix of each job's name.</summary>
    public const int NameMaxLength = 52;

    private static readonly FieldPath Spec = FieldPath.Root("spec");

    public override void Default(JsonObject obj)
    {
        var spec = obj.EnsureObject("spec");
        spec.DefaultString("concurrencyPolicy", "Allow");
        spec.DefaultValue("suspend", false);
        spec.DefaultValue("successfulJobsHistoryLimit", 3L);
        spec.DefaultValue("failedJobsHistoryLimit", 1L);
        var jobTemplate = spec.EnsureObject("jobTemplate");
        var metadata = jobTemplate.EnsureObject("metadata");
        if (!metadata.ContainsKey("creationTimestamp"))
        {
            metadata["creationTimestamp"] = null;
        }

        PodSpecDefaults.ApplyToTemplate(jobTemplate.EnsureObject("spec"));
    }

    public override void Validate(ResourceType type, JsonObject obj, FieldErrors errors) => Validate(type, obj, null, errors);

    public override void ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old, FieldErrors errors) => Validate(type, obj, old, errors);

    private static void Validate(ResourceType type, JsonObject obj, JsonObject? old, FieldErrors errors)
    {
        var name = obj.ObjectAt("metadata")?.TextAt("name") ?? "";
        if (old is null && name.Length > NameMaxLength)
        {
            errors.Invalid(FieldPath.Root("metadata").Child("name"), name, $"must be no more than {NameMaxLength} characters");
        }

        var spec = obj.ObjectAt("spec") ?? [];
        var oldSpec = old?.ObjectAt("spec");
        ValidateSchedule(spec, oldSpec, errors);
        ReplicatedPodRules.NonNegative(spec, "startingDeadlineSeconds", errors);
        if (spec.StringAt("timeZone") is { } zone && (oldSpec is null || oldSpec.StringAt("timeZone") != zone))
        {
            if (zone.Length == 0)
            {
                errors.Invalid(Spec.Child("timeZone"), zone, "timeZone must be nil or non-empty string");
            }
            else if (!CronSchedule.KnownTimeZone(zone))
            {
                errors.Invalid(Spec.Child("timeZone"), zone, $"unknown time zone {zone}");
            }
        }

        errors.OneOf(Spec.Child("concurrencyPolicy"), spec.TextAt("concurrencyPolicy"), "Allow", "Forbid", "Replace");
        ValidateJobTemplate(type, spec.ObjectAt("jobTemplate") ?? [], errors);
        ReplicatedPodRules.NonNegative(spec, "successfulJobsHistoryLimit", errors);
        ReplicatedPodRules.NonNegative(spec, "failedJobsHistoryLimit", errors);
    }

    private static void ValidateSchedule(JsonObject spec, JsonObject? oldSpec, FieldErrors errors)
    {
        var schedule = spec.TextAt("schedule");
        var path = Spec.Child("schedule");
        if (schedule.Length == 0)
        {
            errors.Required(path);
            return;
        }

        if (CronSchedule.Error(schedule) is { } error)
        {
            errors.Invalid(path, schedule, error);
        }

        // A time zone inside the schedule predates the timeZone field; only schedules that had one may keep it.
        var allowZoneInSchedule = oldSpec?.TextAt("schedule").Contains("TZ", StringComparison.Ordinal) == true;
        if (allowZoneInSchedule && schedule.Contains("TZ", StringComparison.Ordinal) && spec["timeZone"] is not null)
        {
            errors.Invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
        }
        else if (!allowZoneInSchedule && schedule.Contains("TZ", StringComparison.Ordinal))
        {
            errors.Invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
    }

    private static void ValidateJobTemplate(ResourceType type, JsonObject jobTemplate, FieldErrors errors)
    {
        var path = Spec.Child("jobTemplate");
        ObjectMetaRules.ValidateLabelsAndAnnotations(jobTemplate.ObjectAt("metadata"), path.Child("metadata"), errors);
        var jobSpec = jobTemplate.ObjectAt("spec") ?? [];
        JobSpecRules.Validate(type, jobSpec, path.Child("spec"), errors);
        if (jobSpec.ObjectAt("selector") is { } selector)
        {
            errors.Invalid(path.Child("spec", "selector"), BadValue.LabelSelector(selector), "`selector` will be auto-generated");
        }

        if (jobSpec.BoolAt("manualSelector") == true)
        {
            errors.NotSupported(path.Child("spec", "manualSelector"), BadValue.Of(true), "nil", "false");
        }
    }
}
