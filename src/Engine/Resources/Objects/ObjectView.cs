using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>The parts of an object that selectors look at: its name, namespace and labels, and the object for field selectors.</summary>
public readonly record struct ObjectView(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels, JsonObject Object)
{
    public static ObjectView Of(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        return new(ObjectJson.String(metadata, "name") ?? "", ObjectJson.String(metadata, "namespace") ?? "", ObjectJson.Labels(obj), obj);
    }

    /// <summary>The object's place in its kind: <c>namespace/name</c>, or the name of a cluster-scoped object.</summary>
    public string Key => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
