namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>How one protobuf field becomes JSON.</summary>
internal enum FieldKind
{
    String,
    Bytes,        // base64 in JSON, as Kubernetes writes []byte
    Bool,
    Int,
    Message,
    StringMap,    // map<string,string>
    BytesMap,     // map<string,bytes>
    StringList,   // repeated string
}

internal sealed record ProtobufField(string Name, FieldKind Kind, string? Message = null);

/// <summary>
/// The field numbers of the few messages Berth reads from protobuf bodies, from the Kubernetes API's
/// <c>generated.proto</c> files. kubectl's typed commands (<c>create namespace</c>, <c>create configmap</c>,
/// <c>create secret generic</c>) send these kinds as protobuf and do not fall back to JSON.
/// Only what those commands write is listed; anything else in a message is skipped.
/// </summary>
internal static class ProtobufSchemas
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<int, ProtobufField>> Messages =
        new Dictionary<string, IReadOnlyDictionary<int, ProtobufField>>
        {
            ["ObjectMeta"] = new Dictionary<int, ProtobufField>
            {
                [1] = new("name", FieldKind.String),
                [2] = new("generateName", FieldKind.String),
                [3] = new("namespace", FieldKind.String),
                [11] = new("labels", FieldKind.StringMap),
                [12] = new("annotations", FieldKind.StringMap),
                [14] = new("finalizers", FieldKind.StringList),
            },
            ["Namespace"] = new Dictionary<int, ProtobufField>
            {
                [1] = new("metadata", FieldKind.Message, "ObjectMeta"),
                [2] = new("spec", FieldKind.Message, "NamespaceSpec"),
            },
            ["NamespaceSpec"] = new Dictionary<int, ProtobufField>
            {
                [1] = new("finalizers", FieldKind.StringList),
            },
            ["ConfigMap"] = new Dictionary<int, ProtobufField>
            {
                [1] = new("metadata", FieldKind.Message, "ObjectMeta"),
                [2] = new("data", FieldKind.StringMap),
                [3] = new("binaryData", FieldKind.BytesMap),
                [4] = new("immutable", FieldKind.Bool),
            },
            ["Secret"] = new Dictionary<int, ProtobufField>
            {
                [1] = new("metadata", FieldKind.Message, "ObjectMeta"),
                [2] = new("data", FieldKind.BytesMap),
                [3] = new("type", FieldKind.String),
                [4] = new("stringData", FieldKind.StringMap),
                [5] = new("immutable", FieldKind.Bool),
            },
        };

    /// <summary>The kinds (by apiVersion and kind) whose bodies Berth reads from protobuf.</summary>
    public static bool Supports(string apiVersion, string kind) => apiVersion == "v1" && kind is "Namespace" or "ConfigMap" or "Secret";
}
