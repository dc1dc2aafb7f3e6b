using Berth.Api.Kubernetes.Rest;
using Berth.Engine.Resources;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Authorization;

/// <summary>
/// What a request under <c>/k8s/{workspace}/</c> asks to do, in the terms Kubernetes authorizes
/// (apiserver's RequestInfo): a verb (get, list, watch, create, update, patch, delete,
/// deletecollection), an API group, a resource and subresource, and the namespace. As there, a
/// namespace's own URL (<c>namespaces/{name}</c>) counts as inside that namespace.
/// </summary>
internal sealed record KubernetesRequest(string Verb, string ApiGroup, string Resource, string? Subresource, string? Namespace, string? Name)
{
    private static readonly HashSet<string> ReadVerbs = ["get", "list", "watch"];

    public bool IsRead => ReadVerbs.Contains(Verb);

    /// <summary>The resource request the route names, or null for anything else (discovery, OpenAPI, paths nothing serves).</summary>
    /// <summary>A request for <paramref name="verb"/> on every object of <paramref name="type"/>, as the dashboard asks before it shows a list or a button.</summary>
    public static KubernetesRequest For(string verb, ResourceType type) => new(verb, type.Group, type.Plural, null, null, null);

    public static KubernetesRequest? From(HttpRequest request, ResourceRegistry registry)
    {
        var route = request.RouteValues;
        if (route["path"] is not string path)
        {
            return null;
        }

        var target = ResourceTarget.Parse(registry, route["group"] as string ?? "", route["version"] as string ?? "v1", path);
        if (target is null)
        {
            return null; // the endpoint answers 404 for it, to members only
        }

        var type = target.Type;
        var @namespace = target.Namespace ?? (type == BuiltInResources.Namespaces ? target.Name : null);
        return new KubernetesRequest(VerbOf(request, target.Name is not null), type.Group, type.Plural, target.Subresource, @namespace, target.Name);
    }

    private static string VerbOf(HttpRequest request, bool named) => request.Method switch
    {
        "GET" or "HEAD" when named => "get",
        "GET" or "HEAD" => request.Query["watch"].ToString() is "1" or "true" ? "watch" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => named ? "delete" : "deletecollection",
        var other => other.ToLowerInvariant(),
    };
}
