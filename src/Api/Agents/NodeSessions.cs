using System.Collections.Concurrent;
using Berth.Api.Replicas;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Selectors;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Agents;

/// <summary>
/// One session per connected agent: the list of its node's pods it got when it registered, then a
/// watch from that list's revision (one of the store's watch-cache subscribers) pushing every change
/// to that connection alone. Anything that breaks the stream (a watch that fell behind compaction,
/// a revoked credential) closes the connection: the agent reconnects, registers again and gets the
/// whole desired state anew, so nothing depends on a message that was lost. Heartbeats stay here,
/// in memory, and never reach the revision log.
/// </summary>
internal sealed partial class NodeSessions(ResourceObjects objects, NodeCredentialStore credentials, NodeHeartbeats heartbeats, ReplicaDirectory replicas,
    UsageSamples usage, IHubContext<AgentHub> hub, TimeProvider time, ILogger<NodeSessions> log)
{
    /// <summary>How long a node's beat keeps its replica's hold on it: an agent beats every 10 s.</summary>
    public static readonly TimeSpan HoldTimeout = TimeSpan.FromSeconds(40);

    /// <summary>This replica, as <c>node_heartbeats.server_id</c> names it: where a node's agent is connected.</summary>
    public string ServerId => replicas.ServerId;

    /// <summary>How often a connected node's credential is checked again, so a revocation disconnects it.</summary>
    public static readonly TimeSpan CredentialCheckInterval = TimeSpan.FromSeconds(5);

    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    private readonly ConcurrentDictionary<string, Session> sessions = new();

    /// <summary>When each connected node last said it was alive.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastHeartbeats =>
        sessions.Values.GroupBy(s => s.Node.Workspace + "/" + s.Node.NodeName).ToDictionary(g => g.Key, g => g.Max(s => s.LastBeat));

    public async Task<DesiredState> OpenAsync(HubCallerContext connection, NodeCaller node, CancellationToken ct)
    {
        await CloseAsync(connection.ConnectionId, release: false); // a second Register on one connection starts over, holding the node
        var options = new ListOptions { Fields = FieldSelector.Parse($"spec.nodeName={node.NodeName}", Pods) };
        var pods = await objects.ListAsync(node.Workspace, Pods, null, options, ct);
        var configs = new NodeConfigFeed(objects, node, hub.Clients.Client(connection.ConnectionId));
        var initialConfigs = await configs.InitialAsync(pods.Items, ct);
        var stop = new CancellationTokenSource();
        var session = new Session(node, stop) { LastBeat = time.GetUtcNow() };
        session.Pump = Task.Run(() => RunAsync(connection, session, configs, options with { ResourceVersion = pods.Revision }, stop.Token), CancellationToken.None);
        sessions[connection.ConnectionId] = session;
        LogOpened(log, node.NodeName, node.Workspace, pods.Items.Count);
        return new DesiredState(node.NodeName, pods.Items, initialConfigs);
    }

    /// <summary>The connection of a node connected to this server, or null.</summary>
    public string? ConnectionOf(string workspace, string nodeName) =>
        sessions.FirstOrDefault(s => s.Value.Node.Workspace == workspace && s.Value.Node.NodeName == nodeName).Key;

    /// <summary>
    /// Takes the node for this replica and beats, refusing a second agent for a node that has a live
    /// session here or on another replica (<see cref="NodeHeartbeats.ClaimAsync"/>: one that is alive
    /// and whose hold on the node beat within <see cref="HoldTimeout"/>): two agents would run its
    /// pods twice. Refused rather than replacing the first, so a copied data directory or a stolen
    /// credential cannot push the real agent off. An agent whose replica stopped or died, or whose
    /// old connection merely has not been noticed dead yet, gets in on a retry: a stopping replica
    /// releases its nodes, a dead one goes stale within <see cref="ReplicaDirectory.Timeout"/>.
    /// </summary>
    public async Task ClaimAsync(string connectionId, NodeCaller node, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (sessions.Any(s => s.Key != connectionId && s.Value.Node.Workspace == node.Workspace && s.Value.Node.NodeName == node.NodeName)
            || !await heartbeats.ClaimAsync(node.Workspace, node.NodeName, ServerId, now, now - HoldTimeout, replicas.AliveSince, ct))
        {
            throw new HubException($"node {node.NodeName} is connected already through another agent; a node has one agent at a time");
        }
    }

    /// <summary>
    /// The node is alive: written in place (<see cref="NodeHeartbeats"/>), never to the revision log,
    /// with its latest usage report when a new one came since the last beat (<see cref="UsageSamples"/>).
    /// </summary>
    public async Task BeatAsync(string connectionId, CancellationToken ct)
    {
        if (sessions.TryGetValue(connectionId, out var session))
        {
            session.LastBeat = time.GetUtcNow();
            var node = session.Node;
            var report = usage.NewerThan(node.Workspace, node.NodeName, session.SharedUsage);
            await heartbeats.BeatAsync(node.Workspace, node.NodeName, ServerId, session.LastBeat, ct, report);
            session.SharedUsage = report?.At ?? session.SharedUsage;
        }
    }

    public Task CloseAsync(string connectionId) => CloseAsync(connectionId, release: true);

    private async Task CloseAsync(string connectionId, bool release)
    {
        if (sessions.TryRemove(connectionId, out var session))
        {
            await session.Stop.CancelAsync();
            await session.Pump!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            session.Stop.Dispose();
            var node = session.Node;
            if (release && !sessions.Values.Any(s => s.Node.Workspace == node.Workspace && s.Node.NodeName == node.NodeName))
            {
                // Its agent left: it may connect to any replica at once, not only once this hold is stale.
                await heartbeats.ReleaseAsync(node.Workspace, node.NodeName, ServerId, CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(HubCallerContext connection, Session session, NodeConfigFeed configs, ListOptions options, CancellationToken ct)
    {
        var node = session.Node;
        var from = options.ResourceVersion!.Value;
        var ended = await Task.WhenAny(
            PushChangesAsync(connection.ConnectionId, node, configs, options, ct),
            configs.WatchAsync(ConfigReferences.ConfigMap, from, ct),
            configs.WatchAsync(ConfigReferences.Secret, from, ct),
            WatchCredentialAsync(node, ct));
        if (ended.Exception is { } failure && !ct.IsCancellationRequested)
        {
            LogStreamFailed(log, failure.GetBaseException(), node.NodeName, node.Workspace);
        }

        if (!ct.IsCancellationRequested)
        {
            connection.Abort(); // the agent reconnects and resyncs from a fresh list
        }
    }

    private async Task PushChangesAsync(string connectionId, NodeCaller node, NodeConfigFeed configs, ListOptions options, CancellationToken ct)
    {
        await using var watch = await objects.WatchAsync(node.Workspace, Pods, null, options, ct);
        var client = hub.Clients.Client(connectionId);
        while (await watch.NextAsync(TimeSpan.FromMinutes(1), Pods, ct) is { } change)
        {
            switch (change.Type)
            {
                case ObjectEvent.Added or ObjectEvent.Modified:
                    await configs.BeforePodAsync(change.Object, ct); // what it uses first, so it can start at once
                    await client.SendAsync(AgentClientMethods.PodChanged, change.Object, ct);
                    break;
                case ObjectEvent.Deleted:
                    configs.PodGone(change.Object);
                    await client.SendAsync(AgentClientMethods.PodRemoved, (string?)change.Object["metadata"]?["uid"], ct);
                    break;
            }
        }
    }

    private async Task WatchCredentialAsync(NodeCaller node, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(CredentialCheckInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!await credentials.IsLiveAsync(node.CredentialId, ct))
            {
                LogRevoked(log, node.NodeName, node.Workspace);
                return;
            }
        }
    }

    private sealed class Session(NodeCaller node, CancellationTokenSource stop)
    {
        public NodeCaller Node { get; } = node;

        public CancellationTokenSource Stop { get; } = stop;

        public Task? Pump { get; set; }

        public DateTimeOffset LastBeat { get; set; }

        /// <summary>When the usage report the last beat carried came.</summary>
        public DateTimeOffset? SharedUsage { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "node {Node} of workspace {Workspace} connected; {Pods} pods bound to it")]
    private static partial void LogOpened(ILogger logger, string node, string workspace, int pods);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} of workspace {Workspace}: pod stream ended; disconnecting it to resync")]
    private static partial void LogStreamFailed(ILogger logger, Exception e, string node, string workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} of workspace {Workspace}: credential revoked; disconnecting it")]
    private static partial void LogRevoked(ILogger logger, string node, string workspace);
}
