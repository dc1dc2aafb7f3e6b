using System.Collections.Concurrent;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// The latest CPU and memory sample of every node connected to this replica and of its pods, in
/// memory, as kube's metrics-server keeps them: metrics are a current figure, not history, and never
/// reach the revision log. Each node's report replaces its previous one whole (a pod that stopped
/// running drops out with the next report), and a report older than three of its windows (at least
/// <see cref="MinimumRetention"/>) is no longer served: its node stopped reporting. Each report
/// also adds the workspace's new total to <see cref="UsageHistory"/>, for the dashboard's charts.
/// </summary>
internal sealed class UsageSamples(ResourceObjects objects, UsageHistory history, TimeProvider time)
{
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromSeconds(5);

    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    private readonly ConcurrentDictionary<(string Workspace, string Node), Received> nodes = new();

    /// <summary>A node's report as it was accepted: only its pods that are bound to it (their uids, known good for the next report).</summary>
    public sealed record Received(string Node, MetricsReport Report, DateTimeOffset At, IReadOnlySet<string> BoundUids);

    /// <summary>
    /// Keeps <paramref name="report"/> for <paramref name="node"/>. Every pod in it must be bound to
    /// that node (the same uid, <c>spec.nodeName</c> the node): a pod bound to another node refuses
    /// the whole report with a HubException, as the hub's other writes do; a pod that is gone (or
    /// whose name now belongs to a new pod) is dropped, since it was deleted after the sample. A
    /// pod's binding never changes, so each pod is read once, at its first report: a steady node's
    /// reports cost no reads.
    /// </summary>
    public async Task AcceptAsync(NodeCaller node, MetricsReport report, CancellationToken ct)
    {
        var key = (node.Workspace, node.NodeName);
        var known = nodes.TryGetValue(key, out var previous) ? previous.BoundUids : new HashSet<string>();
        var client = new ObjectClient(objects);
        var accepted = new List<PodMetricsSample>();
        foreach (var sample in report.Pods)
        {
            var pod = sample.Pod;
            if (!known.Contains(pod.Uid))
            {
                var current = await client.GetAsync(node.Workspace, Pods, pod.Namespace, pod.Name, ct);
                if ((string?)current?["metadata"]?["uid"] != pod.Uid)
                {
                    continue;
                }

                if ((string?)current?["spec"]?["nodeName"] != node.NodeName)
                {
                    throw new HubException($"pod {pod.Namespace}/{pod.Name} is not bound to node {node.NodeName}");
                }
            }

            accepted.Add(sample);
        }

        var now = time.GetUtcNow();
        nodes[key] = new Received(node.NodeName, report with { Pods = accepted }, now, accepted.Select(p => p.Pod.Uid).ToHashSet());
        Prune();
        history.Record(node.Workspace, now, Of(node.Workspace).Select(r => r.Report.Node).OfType<ResourceUsage>());
    }

    /// <summary>The live reports of the workspace's nodes (those connected to this replica).</summary>
    public IEnumerable<Received> Of(string workspace)
    {
        var now = time.GetUtcNow();
        return nodes.Where(n => n.Key.Workspace == workspace && !Expired(n.Value, now)).Select(n => n.Value);
    }

    private void Prune()
    {
        var now = time.GetUtcNow();
        foreach (var (key, received) in nodes)
        {
            if (Expired(received, now))
            {
                nodes.TryRemove(new KeyValuePair<(string, string), Received>(key, received));
            }
        }
    }

    private static bool Expired(Received received, DateTimeOffset now) =>
        now - received.At > (received.Report.Window * 3 > MinimumRetention ? received.Report.Window * 3 : MinimumRetention);
}
