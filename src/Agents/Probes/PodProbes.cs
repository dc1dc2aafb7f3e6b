using System.Collections.Concurrent;
using Berth.Agents.Pods;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Probes;

/// <summary>
/// The probes of one pod, by container start: a sync reports each running container here, which
/// starts its probes once; starts that are no longer running lose theirs. What the probes decided
/// feeds the pod's status (ready, started) through <see cref="IContainerHealth"/>.
/// </summary>
internal sealed class PodProbes(ProbeAction action, DockerEngine engine, TimeProvider time, Action<PodEvent> report, Action wake)
    : IContainerHealth, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ContainerProbes> byContainer = new();

    public void Observe(PodManifest pod, IReadOnlyList<(ContainerManifest Spec, ContainerInspect Running)> running)
    {
        var live = running.Select(r => r.Running.Id).ToHashSet();
        foreach (var gone in byContainer.Keys.Where(id => !live.Contains(id)).ToList())
        {
            if (byContainer.TryRemove(gone, out var probes))
            {
                _ = probes.DisposeAsync().AsTask();
            }
        }

        foreach (var (spec, inspect) in running)
        {
            if (spec.LivenessProbe is null && spec.ReadinessProbe is null && spec.StartupProbe is null)
            {
                continue;
            }

            byContainer.GetOrAdd(inspect.Id, _ => new ContainerProbes(action, engine, spec, inspect, pod.Spec.TerminationGrace, time, report, wake));
        }
    }

    public bool IsReady(ContainerInspect running) => !byContainer.TryGetValue(running.Id, out var probes) || probes.Ready;

    public bool IsStarted(ContainerInspect running) => !byContainer.TryGetValue(running.Id, out var probes) || probes.Started;

    public bool Tracks(ContainerInspect running) => byContainer.ContainsKey(running.Id);

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(byContainer.Values.Select(p => p.DisposeAsync().AsTask()));
        byContainer.Clear();
    }
}
