using Berth.Engine.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary><c>/version</c>, <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>, <c>/apis/{group}/{version}</c>, <c>/openapi/v2</c> and <c>/openapi/v3</c> of a workspace.</summary>
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
        workspace.MapGet("/openapi/v2", (HttpContext context, ResourceRegistry registry) => Swagger(context, registry));
        workspace.MapGet("/openapi/v3", (ResourceRegistry registry) => KubeResults.Json(OpenApiDocuments.For(registry).Index()));
        workspace.MapGet("/openapi/v3/api/{version}", (string version, ResourceRegistry registry) =>
            OpenApiDocument(registry, new GroupVersion("", version)));
        workspace.MapGet("/openapi/v3/apis/{group}/{version}", (string group, string version, ResourceRegistry registry) =>
            OpenApiDocument(registry, new GroupVersion(group, version)));
        return workspace;
    }

    // client-go asks for the protobuf form only (as "...spec.v2@v1.0+protobuf"); a browser or curl gets
    // JSON. The answer names the type without the '@', which Go's media type parser refuses.
    private const string SwaggerProtobufType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private static IResult Swagger(HttpContext context, ResourceRegistry registry)
    {
        var protobuf = context.Request.Headers.Accept.ToString().Contains("application/com.github.proto-openapi.spec.v2", StringComparison.OrdinalIgnoreCase);
        return Results.Bytes(OpenApiDocuments.For(registry).Swagger(protobuf), protobuf ? SwaggerProtobufType : KubeResults.JsonContentType);
    }

    private static IResult OpenApiDocument(ResourceRegistry registry, GroupVersion groupVersion) =>
        OpenApiDocuments.For(registry).Document(groupVersion) is { } json
            ? Results.Bytes(json, KubeResults.JsonContentType)
            : KubeResults.PathNotFound();
}
