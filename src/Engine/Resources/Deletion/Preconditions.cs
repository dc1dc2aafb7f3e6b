using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// A delete's preconditions: the uid and resourceVersion the object must still have. A mismatch is
/// a 409 Conflict worded as Kubernetes words it (the generic registry names the kind, the namespace
/// registry the resource and its own sentence).
/// </summary>
public static class Preconditions
{
    public static void Check(ResourceType type, JsonObject obj, DeleteOptions options)
    {
        var metadata = ObjectJson.Metadata(obj);
        var uid = ObjectJson.String(metadata, "uid") ?? "";
        var resourceVersion = ObjectJson.String(metadata, "resourceVersion") ?? "";
        var name = ObjectJson.String(metadata, "name") ?? "";
        var isNamespace = type == BuiltInResources.Namespaces;
        if (options.PreconditionUid is { } expectedUid && expectedUid != uid)
        {
            throw Conflict(type, name, isNamespace
                ? $"Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {uid}"
                : $"the UID in the precondition ({expectedUid}) does not match the UID in record ({uid}). The object might have been deleted and then recreated");
        }

        if (options.PreconditionResourceVersion is { } expectedVersion && expectedVersion != resourceVersion)
        {
            throw Conflict(type, name, isNamespace
                ? $"Precondition failed: ResourceVersion in precondition: {expectedVersion}, ResourceVersion in object meta: {resourceVersion}"
                : $"the ResourceVersion in the precondition ({expectedVersion}) does not match the ResourceVersion in record ({resourceVersion}). The object might have been modified");
        }
    }

    private static ResourceException Conflict(ResourceType type, string name, string reason)
    {
        // The generic registry reports the kind where other conflicts report the resource.
        var (qualified, kind) = type == BuiltInResources.Namespaces ? (type.QualifiedResource, type.Plural) : (type.QualifiedKind, type.Kind);
        return new ResourceException(409, "Conflict", $"Operation cannot be fulfilled on {qualified} \"{name}\": {reason}")
        {
            Name = name,
            Group = type.Group,
            Kind = kind,
        };
    }
}
