using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Pods;

/// <summary>
/// What one sync learned about one container of a pod: its latest start (if any) and the one before
/// (for <c>lastState</c>), or why it has none, and when it may next be started.
/// </summary>
public sealed record ContainerObservation(
    ContainerManifest Spec,
    ContainerInspect? Current,
    ContainerInspect? Previous,
    int RestartCount,
    string? WaitingReason = null,
    string? WaitingMessage = null,
    bool WillRestart = false,
    bool Ready = true,
    bool Started = true);

/// <summary>Something that happened to a pod that its user would want to know, as a Kubernetes Event says it.</summary>
public sealed record PodEvent(string Type, string Reason, string Message)
{
    public static PodEvent Normal(string reason, string message) => new("Normal", reason, message);

    public static PodEvent Warning(string reason, string message) => new("Warning", reason, message);
}
