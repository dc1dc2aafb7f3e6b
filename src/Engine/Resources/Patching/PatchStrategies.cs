namespace Berth.Engine.Resources.Patching;

/// <summary>
/// Which lists of the built-in kinds merge by key, taken from the <c>patchStrategy:"merge"</c> and
/// <c>patchMergeKey</c> tags of the Kubernetes API types. A field is known by its name and, where
/// the same name means different things (container ports by <c>containerPort</c>, service ports
/// by <c>port</c>), by the fields above it. Any list not named here is replaced whole.
/// </summary>
public static class PatchStrategies
{
    private static readonly HashSet<string> ContainerLists = ["containers", "initContainers", "ephemeralContainers"];

    private static readonly Dictionary<string, ListStrategy> ByName = new(StringComparer.Ordinal)
    {
        ["containers"] = ListStrategy.ByKey("name"),
        ["initContainers"] = ListStrategy.ByKey("name"),
        ["ephemeralContainers"] = ListStrategy.ByKey("name"),
        ["env"] = ListStrategy.ByKey("name"),
        ["volumeMounts"] = ListStrategy.ByKey("mountPath"),
        ["volumeDevices"] = ListStrategy.ByKey("devicePath"),
        ["volumes"] = ListStrategy.ByKey("name"),
        ["imagePullSecrets"] = ListStrategy.ByKey("name"),
        ["hostAliases"] = ListStrategy.ByKey("ip"),
        ["topologySpreadConstraints"] = ListStrategy.ByKey("topologyKey"),
        ["resourceClaims"] = ListStrategy.ByKey("name"),
        ["schedulingGates"] = ListStrategy.ByKey("name"),
        ["conditions"] = ListStrategy.ByKey("type"),
        ["addresses"] = ListStrategy.ByKey("type"),
        ["ownerReferences"] = ListStrategy.ByKey("uid"),
        ["finalizers"] = ListStrategy.Union,
    };

    /// <summary>The strategy of the list at <paramref name="path"/> (field names from the object's root) in an object of <paramref name="type"/>.</summary>
    public static ListStrategy For(ResourceType type, IReadOnlyList<string> path)
    {
        var field = path[^1];
        if (field == "ports")
        {
            if (path.Take(path.Count - 1).Any(ContainerLists.Contains))
            {
                return ListStrategy.ByKey("containerPort");
            }

            return type.Group.Length == 0 && type.Plural == "services" && path.Count == 2 && path[0] == "spec"
                ? ListStrategy.ByKey("port")
                : ListStrategy.Replace;
        }

        if (field == "addresses" && !(path.Count == 2 && path[0] == "status"))
        {
            return ListStrategy.Replace; // node addresses merge by type; endpoint addresses do not
        }

        return ByName.GetValueOrDefault(field, ListStrategy.Replace);
    }
}
