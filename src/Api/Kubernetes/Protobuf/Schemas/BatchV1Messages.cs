using static Berth.Api.Kubernetes.Protobuf.Schemas.ProtobufFields;

namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>batch/v1 Job and CronJob: the job spec with its failure and success policies, the cron job's job template, and their status.</summary>
internal static class BatchV1Messages
{
    public static readonly ProtobufMessage[] All =
    [
        new("Job",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "JobSpec"),
            Message(3, "status", "JobStatus"),
        ]),
        new("CronJob",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "CronJobSpec"),
            Message(3, "status", "CronJobStatus"),
        ]),
        new("JobSpec",
        [
            Int(1, "parallelism", KeepZero),
            Int(2, "completions", KeepZero),
            Int(3, "activeDeadlineSeconds", KeepZero),
            Message(11, "podFailurePolicy", "PodFailurePolicy"),
            Message(16, "successPolicy", "SuccessPolicy"),
            Int(7, "backoffLimit", KeepZero),
            Int(12, "backoffLimitPerIndex", KeepZero),
            Int(13, "maxFailedIndexes", KeepZero),
            Message(4, "selector", "LabelSelector"),
            Bool(5, "manualSelector", KeepZero),
            Message(6, "template", "PodTemplateSpec"),
            Int(8, "ttlSecondsAfterFinished", KeepZero),
            Text(9, "completionMode", KeepZero),
            Bool(10, "suspend", KeepZero),
            Text(14, "podReplacementPolicy", KeepZero),
            Text(15, "managedBy", KeepZero),
        ]),
        new("JobStatus",
        [
            Messages(1, "conditions", "JobCondition"),
            Time(2, "startTime"),
            Time(3, "completionTime"),
            Int(4, "active"),
            Int(5, "succeeded"),
            Int(6, "failed"),
            Int(11, "terminating", KeepZero),
            Text(7, "completedIndexes"),
            Text(10, "failedIndexes", KeepZero),
            Message(8, "uncountedTerminatedPods", "UncountedTerminatedPods"),
            Int(9, "ready", KeepZero),
        ]),
        new("CronJobSpec",
        [
            Text(1, "schedule", KeepZero),
            Text(8, "timeZone", KeepZero),
            Int(2, "startingDeadlineSeconds", KeepZero),
            Text(3, "concurrencyPolicy"),
            Bool(4, "suspend", KeepZero),
            Message(5, "jobTemplate", "JobTemplateSpec"),
            Int(6, "successfulJobsHistoryLimit", KeepZero),
            Int(7, "failedJobsHistoryLimit", KeepZero),
        ]),
        new("CronJobStatus",
        [
            Messages(1, "active", "ObjectReference"),
            Time(4, "lastScheduleTime"),
            Time(5, "lastSuccessfulTime"),
        ]),
        new("PodFailurePolicy",
        [
            Messages(1, "rules", "PodFailurePolicyRule"),
        ]),
        new("SuccessPolicy",
        [
            Messages(1, "rules", "SuccessPolicyRule"),
        ]),
        new("JobCondition",
        [
            Text(1, "type", KeepZero),
            Text(2, "status", KeepZero),
            Time(3, "lastProbeTime"),
            Time(4, "lastTransitionTime"),
            Text(5, "reason"),
            Text(6, "message"),
        ]),
        new("UncountedTerminatedPods",
        [
            Texts(1, "succeeded"),
            Texts(2, "failed"),
        ]),
        new("JobTemplateSpec",
        [
            Message(1, "metadata", "ObjectMeta"),
            Message(2, "spec", "JobSpec"),
        ]),
        new("PodFailurePolicyRule",
        [
            Text(1, "action", KeepZero),
            Message(2, "onExitCodes", "PodFailurePolicyOnExitCodesRequirement"),
            Messages(3, "onPodConditions", "PodFailurePolicyOnPodConditionsPattern"),
        ]),
        new("SuccessPolicyRule",
        [
            Text(1, "succeededIndexes", KeepZero),
            Int(2, "succeededCount", KeepZero),
        ]),
        new("PodFailurePolicyOnExitCodesRequirement",
        [
            Text(1, "containerName", KeepZero),
            Text(2, "operator", KeepZero),
            Ints(3, "values"),
        ]),
        new("PodFailurePolicyOnPodConditionsPattern",
        [
            Text(1, "type", KeepZero),
            Text(2, "status", KeepZero),
        ]),
    ];
}
