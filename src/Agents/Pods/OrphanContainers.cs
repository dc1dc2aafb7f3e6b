using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Pods;

/// <summary>
/// Containers this node made for pods the desired state no longer holds (deleted while the agent
/// was away, or bound elsewhere): after each full resync they are stopped and removed. Only
/// containers labelled with this node's name are considered, so agents sharing one engine (as
/// several test nodes on one machine do) never remove each other's.
/// </summary>
public sealed class OrphanContainers(DockerEngine engine, NodeIdentity node)
{
    /// <summary>How long an orphan gets to stop before it is killed: its pod, and so its grace, is unknown.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>Removes every container of this node whose pod uid is not in <paramref name="wantedPods"/> (infra containers last); returns the uids of the pods removed.</summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(IReadOnlySet<string> wantedPods, CancellationToken ct = default)
    {
        var orphans = (await engine.ListContainersAsync([$"{ContainerLabels.Node}={node.Name}"], ct))
            .Where(c => c.Labels is { } labels && labels.TryGetValue(ContainerLabels.PodUid, out var uid) && !wantedPods.Contains(uid))
            .ToList();
        await PodWorker.RemoveAsync(engine, orphans, Grace, ct);
        return [.. orphans.Select(c => c.Labels![ContainerLabels.PodUid]).Distinct()];
    }
}
