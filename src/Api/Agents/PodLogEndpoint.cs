using System.Text;
using Berth.Api.Kubernetes;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Agents;

/// <summary>
/// <c>GET /api/v1/namespaces/{ns}/pods/{name}/log</c>, as kube-apiserver proxies it to kubelet:
/// the log comes from the pod's node through <see cref="PodLogs"/> and is passed on as it comes
/// (text/plain; with <c>follow</c>, until the container stops or the client leaves, which stops
/// the node's stream too).
/// </summary>
internal static class PodLogEndpoint
{
    public static RouteGroupBuilder MapPodLogs(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/api/v1/namespaces/{namespace}/pods/{name}/log", Get);
        return workspace;
    }

    private static Task Get(HttpContext context, string workspace, string @namespace, string name, PodLogs logs, TimeProvider time) =>
        WriteAsync(context, time, query => logs.ReadAsync(workspace, @namespace, name, query, context.RequestAborted));

    /// <summary>
    /// Answers with the log <paramref name="read"/> opens for the request's query: a Status if it
    /// cannot open, else text/plain passed on chunk by chunk until it ends or the client leaves.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, TimeProvider time, Func<PodLogQuery, IAsyncEnumerable<string>> read)
    {
        try
        {
            var query = PodLogQuery.Parse(context.Request.Query, time.GetUtcNow());
            await using var text = read(query).GetAsyncEnumerator(context.RequestAborted);
            // The first step opens the log (or throws why it cannot) before any status is sent.
            var more = await text.MoveNextAsync();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain";
            await context.Response.StartAsync(context.RequestAborted);
            for (; more; more = await text.MoveNextAsync())
            {
                await context.Response.WriteAsync(text.Current, Encoding.UTF8, context.RequestAborted);
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
    }
}
