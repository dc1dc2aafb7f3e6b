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

    /// <summary>
    /// The container name of a pod's infra container, which holds the network namespace the others
    /// join (dockershim's name for it; Kubernetes container names are lowercase, so none collides).
    /// </summary>
    public const string Infra = "POD";

    /// <summary>
    /// On a sidecar (an init container with restartPolicy Always): its place among the pod's init
    /// containers, which is the order sidecars start in. They stop in the reverse order, after the app
    /// containers, and this label lets that be done from the engine alone (a pod already gone from the store).
    /// </summary>
    public const string Sidecar = "berth.io/sidecar";

    /// <param name="sidecar">The container's place among the init containers when it is a sidecar, else null.</param>
    public static Dictionary<string, string> For(string node, PodManifest pod, string container, int attempt, int? sidecar = null)
    {
        var labels = new Dictionary<string, string>
        {
            [Node] = node,
            [PodUid] = pod.Uid,
            [PodName] = pod.Metadata.Name,
            [PodNamespace] = pod.Metadata.Namespace,
            [ContainerName] = container,
            [Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (sidecar is { } order)
        {
            labels[Sidecar] = order.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    /// <summary>The <see cref="Sidecar"/> label's value: null for a container that is not a sidecar.</summary>
    public static int? SidecarOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Sidecar, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var order) ? order : null;

    /// <summary>
    /// kubelet's naming shape (<c>k8s_container_pod_namespace_uid_attempt</c>) with the node first, so
    /// each start has its own name even where several nodes share one engine.
    /// </summary>
    public static string ContainerNameFor(string node, PodManifest pod, string container, int attempt) =>
        $"berth_{node}_{container}_{pod.Metadata.Name}_{pod.Metadata.Namespace}_{pod.Uid}_{attempt}";

    public static int AttemptOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Attempt, out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var attempt) ? attempt : 0;

    /// <summary>The container's name in its pod (<see cref="Infra"/> for the infra container), or null for a container the agent did not make.</summary>
    public static string? NameOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(ContainerName, out var name) ? name : null;
}
