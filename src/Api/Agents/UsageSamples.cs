using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using Berth.Api.Replicas;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Agents;

/// <summary>
/// The latest CPU and memory sample of every node and of its pods, as kube's metrics-server keeps
/// them: metrics are a current figure, not history, and never reach the revision log. A node
/// connected to this replica reports here, into memory; its node's next heartbeat (every 10 s)
/// carries the latest report into the node's row, in place, on the write the beat makes anyway
/// (<see cref="NodeHeartbeats.BeatAsync"/>), and every <see cref="PollInterval"/> each replica
/// reads from those rows the reports of nodes connected to the others (only while another replica
/// is alive, as <see cref="ReplicaDirectory.OthersAlive"/> says: a lone server does not query), so
/// <c>kubectl top</c> and the dashboard show every node whichever replica serves them. Each node's
/// report replaces its previous one whole (a pod that stopped running drops out with the next
/// report), and a report older than three of its windows (at least <see cref="MinimumRetention"/>)
/// is no longer served: its node stopped reporting. Each report, here or read from another replica,
/// also adds the workspace's new total to <see cref="UsageHistory"/>, for the dashboard's charts.
/// </summary>
internal sealed partial class UsageSamples(ResourceObjects objects, NodeHeartbeats heartbeats, ReplicaDirectory replicas, UsageHistory history,
    TimeProvider time, ILogger<UsageSamples> log) : BackgroundService
{
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromSeconds(5);

    /// <summary>How often the reports of nodes on other replicas are read; agents report every 10 s.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    // Reports received longer ago than this are not read from other replicas: they would have expired (a report's window is its agent's interval).
    private static readonly TimeSpan RemoteLookback = TimeSpan.FromMinutes(1);

    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    private readonly ConcurrentDictionary<(string Workspace, string Node), Received> nodes = new();

    // The reports of nodes on other replicas, as the last poll read them: replaced whole by each poll.
    private volatile Dictionary<(string Workspace, string Node), Received> remote = [];

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
        var kept = report with { Pods = accepted };
        nodes[key] = new Received(node.NodeName, kept, now, accepted.Select(p => p.Pod.Uid).ToHashSet());
        Prune();
        RecordHistory(node.Workspace, now);
    }

    /// <summary>
    /// The node's latest report (JSON) and when it came, if it came after <paramref name="shared"/>:
    /// for its next heartbeat to carry to the other replicas (<see cref="NodeSessions.BeatAsync(string, CancellationToken)"/>).
    /// </summary>
    public (string Report, DateTimeOffset At)? NewerThan(string workspace, string node, DateTimeOffset? shared) =>
        nodes.TryGetValue((workspace, node), out var received) && received.At != shared
            ? (JsonSerializer.Serialize(received.Report), received.At)
            : null;

    /// <summary>The live reports of the workspace's nodes: those connected to this replica, then those of the others.</summary>
    public IEnumerable<Received> Of(string workspace)
    {
        var now = time.GetUtcNow();
        var local = nodes.Where(n => n.Key.Workspace == workspace && !Expired(n.Value, now)).ToList();
        var others = remote.Where(n => n.Key.Workspace == workspace && !nodes.ContainsKey(n.Key) && !Expired(n.Value, now));
        return local.Concat(others).Select(n => n.Value);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        while (await ReplicaDirectory.Ticked(timer, stoppingToken))
        {
            if (!replicas.OthersAlive)
            {
                continue; // a lone server: no other replica shares reports (what one shared before it went expires as ever)
            }

            try
            {
                await ReadOtherReplicasAsync(stoppingToken);
            }
            catch (Exception e) when (e is StoreException or DbException or JsonException && !stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(log, e);
            }
        }
    }

    /// <summary>Takes the reports other replicas kept since the last look; a workspace with a new one gets a history point, as a local report makes.</summary>
    private async Task ReadOtherReplicasAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await heartbeats.UsageSinceAsync(now - RemoteLookback, replicas.ServerId, ct);
        var previous = remote;
        var read = new Dictionary<(string Workspace, string Node), Received>();
        foreach (var row in rows)
        {
            var key = (row.Workspace, row.NodeName);
            read[key] = previous.TryGetValue(key, out var known) && known.At == row.At
                ? known
                : new Received(row.NodeName, JsonSerializer.Deserialize<MetricsReport>(row.Report)!, row.At, new HashSet<string>());
        }

        remote = read;
        foreach (var workspace in read.Where(r => !previous.TryGetValue(r.Key, out var known) || known.At != r.Value.At).Select(r => r.Key.Workspace).Distinct())
        {
            RecordHistory(workspace, now);
        }
    }

    private void RecordHistory(string workspace, DateTimeOffset now) =>
        history.Record(workspace, now, Of(workspace).Select(r => r.Report.Node).OfType<ResourceUsage>());

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not read the usage reports of nodes on other replicas")]
    private static partial void LogReadFailed(ILogger logger, Exception e);

    private static bool Expired(Received received, DateTimeOffset now) =>
        now - received.At > (received.Report.Window * 3 > MinimumRetention ? received.Report.Window * 3 : MinimumRetention);
}
