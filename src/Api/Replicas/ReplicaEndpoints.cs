using Berth.Api.Agents;
using Berth.Api.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Replicas;

/// <summary>
/// What one replica asks of another, under <c>/internal/v1</c>: only with the cluster secret in
/// <see cref="ReplicaDirectory.SecretHeader"/> (no user token or node credential opens them; the
/// asking replica has authorized its caller already). Today one: a pod's log, read from the node
/// connected here (<see cref="PodLogs.ReadHereAsync"/>).
/// </summary>
internal static class ReplicaEndpoints
{
    private const string LogRoute = "/internal/v1/workspaces/{workspace}/namespaces/{namespace}/pods/{name}/log";

    public static string LogPath(string workspace, string @namespace, string name) =>
        $"/internal/v1/workspaces/{Uri.EscapeDataString(workspace)}/namespaces/{Uri.EscapeDataString(@namespace)}/pods/{Uri.EscapeDataString(name)}/log";

    public static void MapReplicaEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(LogRoute, (HttpContext context, string workspace, string @namespace, string name, PodLogs logs, ReplicaDirectory replicas, TimeProvider time) =>
            replicas.IsClusterSecret(context.Request.Headers[ReplicaDirectory.SecretHeader])
                ? PodLogEndpoint.WriteAsync(context, time, query => logs.ReadHereAsync(workspace, @namespace, name, query, context.RequestAborted))
                : KubeResults.Status(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized").ExecuteAsync(context));
}
