namespace Berth.Engine.Resources;

/// <summary>
/// Where objects live in a workspace's key space: <c>{resource}/{namespace}/{name}</c> for the core
/// group, <c>{resource}.{group}/{namespace}/{name}</c> otherwise, and without the namespace segment
/// for cluster-scoped kinds (<c>namespaces/default</c>). Every prefix ends with '/', and neither
/// resource, group nor namespace may contain one, so listing one namespace (<c>pods/default/</c>)
/// and every namespace (<c>pods/</c>) are each one prefix scan, and no resource's prefix matches
/// another's (<c>pods/</c> never matches <c>podtemplates/</c> or <c>pods.metrics.k8s.io/</c>).
/// </summary>
public static class ResourceKeys
{
    public static string For(ResourceType type, string? @namespace, string name)
    {
        if (type.Namespaced && @namespace is null)
        {
            throw new ArgumentException($"{type.QualifiedResource} are namespaced: a key needs the namespace", nameof(@namespace));
        }

        return Prefix(type, @namespace) + name;
    }

    /// <summary>The prefix of one namespace's objects, or of all of them when <paramref name="namespace"/> is null.</summary>
    public static string Prefix(ResourceType type, string? @namespace = null)
    {
        var resource = type.QualifiedResource + "/";
        if (!type.Namespaced || @namespace is null)
        {
            return resource;
        }

        return resource + @namespace + "/";
    }
}
