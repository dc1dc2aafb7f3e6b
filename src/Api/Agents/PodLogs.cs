using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Berth.Api.Replicas;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// Reads a pod's log from its node, as kube-apiserver proxies it to kubelet: asks the node (over its
/// AgentHub connection) to stream the container's log from Docker and hands the chunks on as they
/// come. Used by <c>GET …/pods/{name}/log</c> (kubectl) and by the dashboard's log view. A node
/// connected to another replica is read through that replica (<see cref="ReplicaLogs"/>), as
/// kube-apiserver reaches a kubelet: this replica has authorized the caller already.
/// </summary>
internal sealed class PodLogs(ResourceObjects objects, NodeSessions sessions, PodLogStreams streams, ReplicaLogs replicas, IHubContext<AgentHub> hub)
{
    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    /// <summary>
    /// The log's text. Everything that keeps it from opening (no such pod or container, no node, a
    /// node that cannot open it) is a <see cref="ResourceException"/> thrown before the first chunk,
    /// so a caller can still answer with a status. Leaving early stops the node's stream.
    /// </summary>
    public IAsyncEnumerable<string> ReadAsync(string workspace, string @namespace, string name, PodLogQuery query, CancellationToken ct) =>
        ReadAsync(workspace, @namespace, name, query, throughOtherReplica: true, ct);

    /// <summary>
    /// The log, from this replica's own connection to the node: for another replica asking
    /// (<see cref="ReplicaEndpoints"/>), so a request is passed on once at most.
    /// </summary>
    public IAsyncEnumerable<string> ReadHereAsync(string workspace, string @namespace, string name, PodLogQuery query, CancellationToken ct) =>
        ReadAsync(workspace, @namespace, name, query, throughOtherReplica: false, ct);

    private async IAsyncEnumerable<string> ReadAsync(string workspace, string @namespace, string name, PodLogQuery query, bool throughOtherReplica,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var pod = await objects.GetAsync(workspace, Pods, @namespace, name, ct);
        var container = ContainerOf(pod, name, query.Container);
        var node = (string?)pod["spec"]?["nodeName"] is { Length: > 0 } bound
            ? bound
            : throw ResourceException.BadRequest($"pod {name} does not have a host assigned");
        var connection = sessions.ConnectionOf(workspace, node);
        if (connection is null)
        {
            if (!throughOtherReplica)
            {
                throw new ResourceException(503, "ServiceUnavailable", $"node {node} is not connected to this server: its logs cannot be read now");
            }

            await foreach (var text in replicas.ReadAsync(workspace, @namespace, name, node, query, ct))
            {
                yield return text;
            }

            yield break;
        }

        var (requestId, chunks) = streams.Open(connection);
        try
        {
            await hub.Clients.Client(connection).SendAsync(AgentClientMethods.StreamLogs, new PodLogRequest(
                requestId, new PodRef(@namespace, name, (string)pod["metadata"]!["uid"]!), container,
                query.Follow, query.Previous, query.Timestamps, query.TailLines, query.Since, query.LimitBytes), ct);

            var opened = await OpenedAsync(chunks, node, $"{name}/{container}", ct);

            if (opened.Error is { } error)
            {
                throw ResourceException.BadRequest(error);
            }

            if (opened.Text.Length > 0)
            {
                yield return opened.Text;
            }

            await foreach (var chunk in chunks.ReadAllAsync(ct))
            {
                yield return chunk.Text;
            }
        }
        finally
        {
            streams.Close(requestId);
            // Harmless when the stream has ended already; stops a follow nobody reads any more.
            await hub.Clients.Client(connection).SendAsync(AgentClientMethods.CancelLogs, requestId, CancellationToken.None);
        }
    }

    /// <summary>
    /// The node's first chunk, which says whether the log could be opened. A node that has not
    /// answered within <see cref="OpenTimeout"/> gets a 504, so a request whose message the node
    /// never acted on (it was reconnecting, say) ends with a status instead of waiting for ever.
    /// </summary>
    private static async Task<LogChunk> OpenedAsync(ChannelReader<LogChunk> chunks, string node, string log, CancellationToken ct)
    {
        using var opening = CancellationTokenSource.CreateLinkedTokenSource(ct);
        opening.CancelAfter(OpenTimeout);
        try
        {
            return await chunks.WaitToReadAsync(opening.Token) && chunks.TryRead(out var opened)
                ? opened
                : throw new ResourceException(503, "ServiceUnavailable", $"node {node} closed the log of {log} before opening it");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ResourceException(504, "Timeout", $"node {node} did not open the log of {log} within {OpenTimeout.TotalSeconds:0} s");
        }
    }

    /// <summary>How long a node has to open a log it was asked for.</summary>
    public static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The container asked for, or the pod's only one; kube-apiserver's words when neither works.</summary>
    private static string ContainerOf(JsonObject pod, string name, string? asked)
    {
        var names = (pod["spec"]?["containers"]?.AsArray() ?? []).Concat(pod["spec"]?["initContainers"]?.AsArray() ?? [])
            .Select(c => (string?)c?["name"]).OfType<string>().ToList();
        if (asked is not null)
        {
            return names.Contains(asked)
                ? asked
                : throw ResourceException.BadRequest($"container {asked} is not valid for pod {name}");
        }

        var containers = (pod["spec"]?["containers"]?.AsArray() ?? []).Select(c => (string?)c?["name"]).OfType<string>().ToList();
        return containers.Count == 1
            ? containers[0]
            : throw ResourceException.BadRequest($"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', containers)}]");
    }
}
