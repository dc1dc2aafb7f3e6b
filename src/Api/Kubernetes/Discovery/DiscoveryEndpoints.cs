using Berth.Engine.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary><c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}/{version}</c> and <c>/openapi/v3</c> of a workspace.</summary>
internal static class DiscoveryEndpoints
{
    public static RouteGroupBuilder MapDiscovery(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/version", () => KubeResults.Json(DiscoveryDocuments.Version()));
        workspace.MapGet("/api", () => KubeResults.Json(DiscoveryDocuments.CoreVersions()));
        workspace.MapGet("/api/v1", (ResourceRegistry registry) =>
            KubeResults.Json(DiscoveryDocuments.Resources(registry, new GroupVersion("", "v1"))));
        workspace.MapGet("/apis", (ResourceRegistry registry) => KubeResults.Json(DiscoveryDocuments.Groups(registry)));
        workspace.MapGet("/apis/{group}/{version}", (string group, string version, ResourceRegistry registry) =>
        {
            var groupVersion = new GroupVersion(group, version);
            return registry.GroupVersions.Contains(groupVersion)
                ? KubeResults.Json(DiscoveryDocuments.Resources(registry, groupVersion))
                : KubeResults.PathNotFound();
        });
        workspace.MapGet("/openapi/v3", (ResourceRegistry registry) => KubeResults.Json(OpenApiDocuments.For(registry).Index()));
        workspace.MapGet("/openapi/v3/api/{version}", (string version, ResourceRegistry registry) =>
            OpenApiDocument(registry, new GroupVersion("", version)));
        workspace.MapGet("/openapi/v3/apis/{group}/{version}", (string group, string version, ResourceRegistry registry) =>
            OpenApiDocument(registry, new GroupVersion(group, version)));
        return workspace;
    }

    private static IResult OpenApiDocument(ResourceRegistry registry, GroupVersion groupVersion) =>
        OpenApiDocuments.For(registry).Document(groupVersion) is { } json
            ? Results.Bytes(json, KubeResults.JsonContentType)
            : KubeResults.PathNotFound();
}
