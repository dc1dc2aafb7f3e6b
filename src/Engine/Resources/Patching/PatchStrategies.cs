using Berth.Engine.Resources.Schemas;

namespace Berth.Engine.Resources.Patching;

/// <summary>
/// Which lists of the built-in kinds a strategic merge patch merges, read from the schemas
/// (<see cref="SchemaCatalog"/>): a list whose field has patch strategy <c>merge</c> merges by its
/// merge key (containers by name, container ports by containerPort, service ports by port), or is
/// a union when it holds scalars (finalizers). Any other list, and any field the schemas do not
/// describe, is replaced whole. kubectl computes its patches from the same schemas, served as OpenAPI.
/// </summary>
public static class PatchStrategies
{
    /// <summary>The strategy of the list at <paramref name="path"/> (field names from the object's root) in an object of <paramref name="type"/>.</summary>
    public static ListStrategy For(ResourceType type, IReadOnlyList<string> path)
    {
        var catalog = SchemaCatalog.BuiltIn;
        if (catalog.RootOf(type) is not { } root || catalog.FieldAt(root, path) is not { MergesLists: true } field)
        {
            return ListStrategy.Replace;
        }

        return field.MergeKey is { } key ? ListStrategy.ByKey(key) : ListStrategy.Union;
    }
}
