using System.Text;
using Berth.Api.Kubernetes;
using Berth.Engine.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;

namespace Berth.Api.Agents;

/// <summary>
/// <c>GET /api/v1/namespaces/{ns}/pods/{name}/log</c>, as kube-apiserver proxies it to kubelet:
/// the server asks the pod's node (over its AgentHub connection) to stream the container's log
/// from Docker, and passes the chunks on as they come (text/plain; with <c>follow</c>, until the
/// container stops or the client leaves, which stops the node's stream too).
/// </summary>
internal static class PodLogEndpoint
{
    private static readonly ResourceType Pods = ResourceRegistry.BuiltIn.FindKind("", "Pod")!;

    public static RouteGroupBuilder MapPodLogs(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/api/v1/namespaces/{namespace}/pods/{name}/log", Get);
        return workspace;
    }

    private static async Task Get(HttpContext context, string workspace, string @namespace, string name,
        ResourceObjects objects, NodeSessions sessions, PodLogStreams streams, IHubContext<AgentHub> hub, TimeProvider time)
    {
        string? requestId = null;
        string? connection = null;
        try
        {
            var query = PodLogQuery.Parse(context.Request.Query, time.GetUtcNow());
            var pod = await objects.GetAsync(workspace, Pods, @namespace, name, context.RequestAborted);
            var container = ContainerOf(pod, name, query.Container);
            var node = (string?)pod["spec"]?["nodeName"] is { Length: > 0 } bound
                ? bound
                : throw ResourceException.BadRequest($"pod {name} does not have a host assigned");
            connection = sessions.ConnectionOf(workspace, node)
                ?? throw new ResourceException(503, "ServiceUnavailable", $"node {node} is not connected to this server: its logs cannot be read now");
            (requestId, var chunks) = streams.Open(connection);
            await hub.Clients.Client(connection).SendAsync(AgentClientMethods.StreamLogs, new PodLogRequest(
                requestId, new PodRef(@namespace, name, (string)pod["metadata"]!["uid"]!), container,
                query.Follow, query.Previous, query.Timestamps, query.TailLines, query.Since, query.LimitBytes), context.RequestAborted);

            // The first chunk says whether the log could be opened, before any status is sent.
            if (!await chunks.WaitToReadAsync(context.RequestAborted) || !chunks.TryRead(out var opened))
            {
                throw new ResourceException(503, "ServiceUnavailable", $"node {node} closed the log of {name}/{container} before opening it");
            }

            if (opened.Error is { } error)
            {
                throw ResourceException.BadRequest(error);
            }

            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(context.RequestAborted);
            await foreach (var chunk in chunks.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(chunk.Text, Encoding.UTF8, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (ResourceException e) when (!context.Response.HasStarted)
        {
            await KubeResults.Error(e).ExecuteAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client left (kubectl logs -f ended with Ctrl-C)
        }
        finally
        {
            if (requestId is not null)
            {
                streams.Close(requestId);
                // Harmless when the stream has ended already; stops a follow nobody reads any more.
                await hub.Clients.Client(connection!).SendAsync(AgentClientMethods.CancelLogs, requestId, CancellationToken.None);
            }
        }
    }

    /// <summary>The container asked for, or the pod's only one; kube-apiserver's words when neither works.</summary>
    private static string ContainerOf(System.Text.Json.Nodes.JsonObject pod, string name, string? asked)
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
