using System.Text.Json.Nodes;
using Berth.Engine.Resources;

namespace Berth.Api.Kubernetes.Discovery;

/// <summary>
/// The OpenAPI v3 documents kubectl needs before it writes anything. <c>kubectl apply</c> and
/// <c>create -f</c> refuse to run when <c>/openapi/v3</c> and <c>/openapi/v2</c> are both missing
/// (unless <c>--validate=false</c>). When a PATCH operation of a kind declares the
/// <c>fieldValidation</c> query parameter, kubectl leaves validation to the server and needs no
/// schemas, so each document lists, per kind, exactly that: operations with their
/// <c>x-kubernetes-group-version-kind</c> and parameter. Schemas (for <c>kubectl explain</c>) come later.
/// </summary>
internal static class OpenApiDocuments
{
    // Part of each document's URL so clients cache it; changes whenever Berth's documents do.
    private const string Revision = "berth-1";

    /// <summary>The v3 index: one entry per group version, at a URL relative to the workspace's base.</summary>
    public static JsonObject Index(ResourceRegistry registry)
    {
        var paths = new JsonObject();
        foreach (var groupVersion in registry.GroupVersions)
        {
            var path = PathOf(groupVersion);
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={Revision}" };
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group version, e.g. <c>apis/apps/v1</c>.</summary>
    public static JsonObject GroupVersion(ResourceRegistry registry, GroupVersion groupVersion)
    {
        var paths = new JsonObject();
        foreach (var type in registry.In(groupVersion))
        {
            var root = "/" + PathOf(groupVersion) + (type.Namespaced ? "/namespaces/{namespace}/" : "/") + type.Plural;
            paths[root] = new JsonObject { ["post"] = Operation(type, "create") };
            paths[root + "/{name}"] = new JsonObject
            {
                ["put"] = Operation(type, "replace"),
                ["patch"] = Operation(type, "patch"),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Berth", ["version"] = $"v{DiscoveryDocuments.KubernetesMajor}.{DiscoveryDocuments.KubernetesMinor}.0" },
            ["paths"] = paths,
        };
    }

    public static string PathOf(GroupVersion groupVersion) =>
        groupVersion.Group.Length == 0 ? $"api/{groupVersion.Version}" : $"apis/{groupVersion.Group}/{groupVersion.Version}";

    private static JsonObject Operation(ResourceType type, string verb) => new()
    {
        ["operationId"] = $"{verb}{type.Kind}",
        ["parameters"] = new JsonArray(
            new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
            new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        ["x-kubernetes-action"] = verb == "replace" ? "put" : verb == "create" ? "post" : verb,
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["kind"] = type.Kind, ["version"] = type.Version },
    };
}
