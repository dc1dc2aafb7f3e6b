using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Admission.Namespaces;

/// <summary>
/// Namespaces: the <c>kubernetes.io/metadata.name</c> label Kubernetes keeps equal to the name (so
/// selectors can pick namespaces by name), and an Active status from the start. What deleting a
/// namespace does belongs to the namespace lifecycle, not here.
/// </summary>
internal sealed class NamespacePolicy : KindPolicy
{
    public const string NameLabel = "kubernetes.io/metadata.name";

    public override void Default(JsonObject obj)
    {
        var metadata = obj.EnsureObject("metadata");
        if (metadata.TextAt("name") is { Length: > 0 } name)
        {
            metadata.EnsureObject("labels")[NameLabel] = name;
        }
    }

    // Creation runs after the name is generated from generateName, so the label follows it.
    public override void PrepareForCreate(ResourceType type, JsonObject obj) => Default(obj);

    public override JsonObject InitialStatus(JsonObject obj) => new() { ["phase"] = "Active" };
}
