using Berth.Engine.Resources;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// What a resource URL names, after <c>/api/v1/</c> or <c>/apis/{group}/{version}/</c>:
/// <c>{resource}[/{name}[/{subresource}]]</c>, optionally inside <c>namespaces/{namespace}/</c>.
/// Read as apiserver's RequestInfoFactory reads it, including its one ambiguity:
/// <c>namespaces/{name}/status</c> is the namespace's status, not a resource called "status".
/// </summary>
internal sealed record ResourceTarget(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>The target, or null when the path names nothing this server serves (404).</summary>
    public static ResourceTarget? Parse(ResourceRegistry registry, string group, string version, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? @namespace = null;
        if (parts.Length > 2 && parts[0] == "namespaces" && !NamespaceSubresources.Contains(parts[2]))
        {
            @namespace = parts[1];
            parts = parts[2..];
        }

        if (parts.Length is 0 or > 3 || registry.Find(group, version, parts[0]) is not { } type)
        {
            return null;
        }

        if (@namespace is not null && !type.Namespaced)
        {
            return null; // a cluster-scoped kind has no URL inside a namespace
        }

        var name = parts.Length > 1 ? parts[1] : null;
        var subresource = parts.Length > 2 ? parts[2] : null;
        var served = subresource switch
        {
            null => true,
            "status" => type.HasStatus,
            "scale" => type.HasScale,
            "finalize" => type == BuiltInResources.Namespaces,
            _ => false,
        };
        if (!served)
        {
            return null;
        }

        return new ResourceTarget(type, @namespace, name, subresource);
    }

    /// <summary>Where objects of a namespaced kind are read or written when the URL has no namespace: a list across all of them.</summary>
    public bool AllNamespaces => Type.Namespaced && Namespace is null;
}
