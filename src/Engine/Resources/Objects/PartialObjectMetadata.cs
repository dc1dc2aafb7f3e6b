using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// An object reduced to its metadata, <c>meta.k8s.io</c>'s <c>PartialObjectMetadata</c>: what a Table row
/// carries by default (so kubectl can show labels and namespaces), and what clients that only need
/// metadata ask for instead of whole objects.
/// </summary>
public static class PartialObjectMetadata
{
    public const string Kind = "PartialObjectMetadata";
    public const string ListKind = "PartialObjectMetadataList";

    /// <param name="apiVersion"><c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>, as the client asked.</param>
    public static JsonObject Of(JsonObject obj, string apiVersion) => new()
    {
        ["kind"] = Kind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = ObjectJson.Metadata(obj).DeepClone(),
    };

    public static JsonObject List(ObjectList list, string apiVersion) => new()
    {
        ["kind"] = ListKind,
        ["apiVersion"] = apiVersion,
        ["metadata"] = list.Metadata(),
        ["items"] = new JsonArray(list.Items.Select(item => (JsonNode)Of(item, apiVersion)).ToArray()),
    };
}
