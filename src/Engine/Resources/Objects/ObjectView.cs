using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>The parts of an object that selectors look at.</summary>
public readonly record struct ObjectView(string Name, string Namespace, IReadOnlyDictionary<string, string> Labels)
{
    public static ObjectView Of(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        return new(ObjectJson.String(metadata, "name") ?? "", ObjectJson.String(metadata, "namespace") ?? "", ObjectJson.Labels(obj));
    }
}
