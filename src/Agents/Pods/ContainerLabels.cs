using System.Globalization;

namespace Berth.Agents.Pods;

/// <summary>
/// What the agent writes on every container it runs, so that after a restart it can tell which
/// pod and container each one is (adoption) and which are no longer wanted (orphans) from the
/// engine alone. The keys are kubelet's own, so tools that know those labels read Berth's too.
/// </summary>
public static class ContainerLabels
{
    public const string PodUid = "io.kubernetes.pod.uid";
    public const string PodName = "io.kubernetes.pod.name";
    public const string PodNamespace = "io.kubernetes.pod.namespace";
    public const string ContainerName = "io.kubernetes.container.name";

    /// <summary>How many times this container of the pod was started before this one.</summary>
    public const string Attempt = "berth.io/attempt";

    /// <summary>The node (agent) that made the container: agents sharing one engine never touch each other's.</summary>
    public const string Node = "berth.io/node";

    public static Dictionary<string, string> For(string node, PodManifest pod, ContainerManifest container, int attempt) => new()
    {
        [Node] = node,
        [PodUid] = pod.Uid,
        [PodName] = pod.Metadata.Name,
        [PodNamespace] = pod.Metadata.Namespace,
        [ContainerName] = container.Name,
        [Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// kubelet's naming shape (<c>k8s_container_pod_namespace_uid_attempt</c>) with the node first, so
    /// each start has its own name even where several nodes share one engine.
    /// </summary>
    public static string ContainerNameFor(string node, PodManifest pod, ContainerManifest container, int attempt) =>
        $"berth_{node}_{container.Name}_{pod.Metadata.Name}_{pod.Metadata.Namespace}_{pod.Uid}_{attempt}";

    public static int AttemptOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Attempt, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;
}
