using Berth.Api.Agents;
using Berth.Api.Authentication;
using Berth.Api.Kubernetes.Discovery;
using Berth.Api.Kubernetes.Metrics;
using Berth.Api.Kubernetes.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Kubernetes;

/// <summary>
/// The Kubernetes-compatible API of every workspace, under <c>/k8s/{workspace}/</c>: each
/// workspace is a cluster to kubectl. Every route requires a token for that workspace.
/// </summary>
internal static class KubernetesApi
{
    public const string RoutePrefix = "/k8s/{workspace}";

    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder endpoints)
    {
        FieldValidation.Prepare();
        var workspace = endpoints.MapGroup(RoutePrefix).AddEndpointFilter<WorkspaceAccessFilter>();
        workspace.MapDiscovery();
        workspace.MapPodLogs();
        workspace.MapMetrics();
        workspace.MapResources();
        // Anything else under a workspace is a path Kubernetes would not serve either; answering
        // it after authentication keeps unknown paths from telling a stranger anything.
        workspace.Map("/{**rest}", () => KubeResults.PathNotFound());
        return endpoints;
    }
}
