using Berth.Api.Kubernetes.Protobuf.Schemas;

namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>
/// The messages Berth reads from protobuf bodies, with their field numbers from the Kubernetes API's
/// <c>generated.proto</c> files (k8s.io/api and k8s.io/apimachinery v0.36), one table per API group in
/// <c>Schemas/</c>. They cover every kind kubectl's typed commands create (<c>create deployment|job|cronjob|
/// service|serviceaccount|ingress|namespace|configmap|secret</c>, <c>create job --from=cronjob/…</c>) and
/// Pod, whole: a job made from a cron job copies whatever the cron job's template holds.
/// Field numbers never change in Kubernetes, so an older or newer kubectl decodes the same; a field
/// added after these tables is skipped.
/// </summary>
internal static class ProtobufSchemas
{
    /// <summary>The kinds read from protobuf, by apiVersion and kind; each one's message is named as its kind.</summary>
    private static readonly HashSet<(string ApiVersion, string Kind)> Kinds =
    [
        ("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "ServiceAccount"), ("v1", "Service"), ("v1", "Pod"),
        ("apps/v1", "Deployment"),
        ("batch/v1", "Job"), ("batch/v1", "CronJob"),
        ("networking.k8s.io/v1", "Ingress"),
    ];

    public static readonly IReadOnlyDictionary<string, ProtobufMessage> Messages = new[]
        {
            MetaV1Messages.All, CoreV1Messages.All, CoreV1ServiceMessages.All, CoreV1PodMessages.All, CoreV1SchedulingMessages.All,
            CoreV1SecurityMessages.All, CoreV1ContainerMessages.All, CoreV1ProbeMessages.All, CoreV1VolumeMessages.All,
            CoreV1VolumePluginMessages.All, CoreV1PodStatusMessages.All, AppsV1Messages.All, BatchV1Messages.All, NetworkingV1Messages.All,
        }
        .SelectMany(messages => messages)
        .ToDictionary(message => message.Name);

    /// <summary>The message of a kind Berth reads from protobuf, or null for any other.</summary>
    public static ProtobufMessage? ForKind(string apiVersion, string kind) =>
        Kinds.Contains((apiVersion, kind)) ? Messages[kind] : null;
}
