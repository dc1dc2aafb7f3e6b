namespace Berth.Engine.Resources;

/// <summary>Finds a <see cref="ResourceType"/> by the parts of a URL, and lists them per group version for discovery.</summary>
public sealed class ResourceRegistry
{
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> byPath;

    public ResourceRegistry(IEnumerable<ResourceType> types)
    {
        Types = types.ToList();
        byPath = Types.ToDictionary(t => (t.Group, t.Version, t.Plural));
        GroupVersions = Types.Select(t => new GroupVersion(t.Group, t.Version)).Distinct().ToList();
    }

    public static ResourceRegistry BuiltIn { get; } = new(BuiltInResources.Types);

    public IReadOnlyList<ResourceType> Types { get; }

    /// <summary>Every group version served, core (<c>v1</c>) first, in registration order.</summary>
    public IReadOnlyList<GroupVersion> GroupVersions { get; }

    public ResourceType? Find(string group, string version, string plural) =>
        byPath.GetValueOrDefault((group, version, plural));

    /// <summary>The kind an <c>apiVersion</c>'s group and a <c>kind</c> name (as an owner reference gives them), at any version.</summary>
    public ResourceType? FindKind(string group, string kind) =>
        Types.FirstOrDefault(t => t.Group == group && t.Kind == kind);

    /// <summary>
    /// The kinds of one group version, by resource name as the apiserver lists them: kubectl expands
    /// <c>get all</c> in this order (pods, services, daemonsets, deployments, …, cronjobs, jobs).
    /// </summary>
    public IEnumerable<ResourceType> In(GroupVersion groupVersion) =>
        Types.Where(t => t.Group == groupVersion.Group && t.Version == groupVersion.Version).OrderBy(t => t.Plural, StringComparer.Ordinal);
}

/// <summary>An API group at one version; the core group is the empty string.</summary>
public sealed record GroupVersion(string Group, string Version)
{
    public override string ToString() => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
