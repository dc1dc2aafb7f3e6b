using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Apply;

/// <summary>The 409 an apply gets when it would change fields other managers own, worded as Kubernetes words it (kubectl prints it and how to resolve it).</summary>
public static class ApplyConflicts
{
    public static ResourceException Error(ResourceType type, string name, IReadOnlyList<(ManagedFieldsEntry Owner, ManagedFieldPath Path)> conflicts)
    {
        conflicts = [.. conflicts.OrderBy(c => c.Path.ToString(), StringComparer.Ordinal)];
        var byOwner = conflicts.GroupBy(c => Owner(c.Owner)).ToList();
        var parts = byOwner.Select(g =>
        {
            var paths = g.Select(c => c.Path.ToString()).ToList();
            var with = $"conflict{(paths.Count == 1 ? "" : "s")} with {g.Key}";
            return paths.Count == 1 ? $"{with}: {paths[0]}" : $"{with}:\n- {string.Join("\n- ", paths)}";
        });
        var count = conflicts.Count;
        var message = $"Apply failed with {count} conflict{(count == 1 ? "" : "s")}: {string.Join("\n", parts)}";
        return new ResourceException(409, "Conflict", message)
        {
            Name = name,
            Group = type.Group,
            Kind = type.Plural,
            Causes = [.. conflicts.Select(c => new FieldCause("FieldManagerConflict", c.Path.ToString(), $"conflict with {Owner(c.Owner)}"))],
        };
    }

    /// <summary>The owner as Kubernetes names it in a conflict: <c>"kubectl" with subresource "scale" using apps/v1</c>.</summary>
    private static string Owner(ManagedFieldsEntry entry) =>
        $"\"{entry.Manager}\"{(entry.Subresource is { } subresource ? $" with subresource \"{subresource}\"" : "")} using {entry.ApiVersion}";
}
