using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Pods;

/// <summary>What probes decided about running containers, for the pod's status; a sync tells it which containers run.</summary>
public interface IContainerHealth
{
    void Observe(PodManifest pod, IReadOnlyList<(ContainerManifest Spec, ContainerInspect Running)> running);

    bool IsReady(ContainerInspect running);

    bool IsStarted(ContainerInspect running);

    /// <summary>Whether probes run for this start of a container (it was observed and has probes).</summary>
    bool Tracks(ContainerInspect running);
}
