using Berth.Engine.Resources;

namespace Berth.Engine.Controllers.Namespaces;

/// <summary>What is left in a terminating namespace: objects per kind, and the finalizers holding them.</summary>
internal sealed class NamespaceContent
{
    private readonly SortedDictionary<string, int> objects = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> finalizers = new(StringComparer.Ordinal);

    public bool IsEmpty => objects.Count == 0;

    public List<string> DeleteFailures { get; } = [];

    public void Count(ResourceType type, IReadOnlyList<string> objectFinalizers)
    {
        // Kubernetes names a resource here as resource.group, which leaves a trailing dot for the core group ("pods.").
        var resource = $"{type.Plural}.{type.Group}";
        objects[resource] = objects.GetValueOrDefault(resource) + 1;
        foreach (var finalizer in objectFinalizers)
        {
            finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + 1;
        }
    }

    /// <summary>The namespace's status conditions, worded as Kubernetes' namespace controller words them.</summary>
    public IReadOnlyList<(string Type, bool Status, string Reason, string Message)> Conditions() =>
    [
        DeleteFailures.Count == 0
            ? ("NamespaceDeletionContentFailure", false, "ContentDeleted", "All content successfully deleted, may be waiting on finalization")
            : ("NamespaceDeletionContentFailure", true, "ContentDeletionFailed", "Failed to delete all resource types, " + string.Join(", ", DeleteFailures)),
        objects.Count == 0
            ? ("NamespaceContentRemaining", false, "ContentRemoved", "All content successfully removed")
            : ("NamespaceContentRemaining", true, "SomeResourcesRemain",
                "Some resources are remaining: " + string.Join(", ", objects.Select(o => $"{o.Key} has {o.Value} resource instances"))),
        finalizers.Count == 0
            ? ("NamespaceFinalizersRemaining", false, "ContentHasNoFinalizers", "All content-preserving finalizers finished")
            : ("NamespaceFinalizersRemaining", true, "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: " + string.Join(", ", finalizers.Select(f => $"{f.Key} in {f.Value} resource instances"))),
    ];
}
