using Berth.Engine.Resources;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>A key for a work queue: one object of one kind in one workspace, by namespace (null when cluster-scoped) and name.</summary>
public readonly record struct ObjectRef(string Workspace, ResourceType Type, string? Namespace, string Name)
{
    public static ObjectRef To(string workspace, CachedObject obj) => new(workspace, obj.Type, obj.Namespace, obj.Name);

    public override string ToString() =>
        $"{Workspace}: {Type.QualifiedResource} {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
