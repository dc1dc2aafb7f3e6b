using System.Threading.Channels;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// Where `berth agent` processes connect (SignalR over WebSockets, outbound from the node). A
/// connection speaks for exactly one node, the one its credential names: it may register that
/// node, read the pods bound to it, and write their status and events, nothing else. The work is
/// in <see cref="NodeRegistrar"/>, <see cref="NodeSessions"/> and <see cref="PodReports"/>.
/// </summary>
internal sealed class AgentHub(NodeRegistrar registrar, NodeSessions sessions, PodReports reports, PodLogStreams logs, UsageSamples usage) : Hub
{
    private NodeCaller Node => NodeHubAuthentication.NodeOf(Context.GetHttpContext());

    public async Task<DesiredState> Register(NodeRegistration registration)
    {
        var node = Node;
        if (registration.NodeName != node.NodeName)
        {
            throw new HubException($"this credential is for node {node.NodeName}, not {registration.NodeName}");
        }

        // The claim beats first: the node lifecycle controller must not see a fresh Ready with a stale heartbeat.
        await sessions.ClaimAsync(Context.ConnectionId, node, Context.ConnectionAborted);
        await registrar.RegisterAsync(node, registration, Context.ConnectionAborted);
        return await sessions.OpenAsync(Context, node, Context.ConnectionAborted);
    }

    public Task ReportPodStatuses(PodStatusReport[] statuses) => reports.WriteStatusesAsync(Node, statuses, Context.ConnectionAborted);

    public Task ReportPodEvents(PodEventReport[] events) => reports.WriteEventsAsync(Node, events, Context.ConnectionAborted);

    public Task ConfirmTerminated(PodRef pod) => reports.RemoveTerminatedAsync(Node, pod, Context.ConnectionAborted);

    /// <summary>CPU and memory of the node and its pods (<see cref="UsageSamples"/>): kept in memory; a pod bound to another node refuses the report.</summary>
    public Task ReportMetrics(MetricsReport report) => usage.AcceptAsync(Node, report, Context.ConnectionAborted);

    public Task Heartbeat() => sessions.BeatAsync(Context.ConnectionId, Context.ConnectionAborted);

    /// <summary>One chunk of a log this connection was asked for (<see cref="PodLogStreams"/>); never waits, so a slow reader cannot hold up the node's other calls.</summary>
    public void LogChunk(string requestId, LogChunk chunk) => logs.Deliver(requestId, Context.ConnectionId, chunk);

    /// <summary>The log this connection was asked for has ended.</summary>
    public void LogEnd(string requestId) => logs.End(requestId, Context.ConnectionId);

    public override Task OnDisconnectedAsync(Exception? exception) => sessions.CloseAsync(Context.ConnectionId);
}
