namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>What a field holds on the wire, and so what it becomes in JSON.</summary>
internal enum FieldType
{
    Text,
    Bytes,        // base64 in JSON, as Go writes []byte
    Bool,
    Int,          // int32 or int64
    Message,
    Time,         // metav1.Time: RFC 3339 to the second, null when unset
    Quantity,     // resource.Quantity: its canonical string
    IntOrString,  // intstr.IntOrString: a number or a string
}

/// <summary>How many values a field holds and where they go in JSON.</summary>
internal enum FieldShape
{
    Single,
    List,    // repeated: a JSON array
    Map,     // map<string, T>: a JSON object
    Inline,  // an embedded Go struct with json:",inline": its fields join the parent's
}

/// <summary>
/// One field of a Kubernetes protobuf message: its number on the wire and its name in JSON.
/// <paramref name="KeepZero"/> is for the scalars JSON writes even at their zero value: a Go pointer
/// (sent only when set, so an explicit 0 or false or "" means something) or a field without
/// <c>omitempty</c>. Go's protobuf writes every other scalar even when unset, and JSON leaves those out.
/// </summary>
internal sealed record ProtobufField(int Number, string Name, FieldType Type, FieldShape Shape = FieldShape.Single,
    string? Message = null, bool KeepZero = false);

/// <summary>A message: its name (the Go type's) and its fields by number.</summary>
internal sealed class ProtobufMessage(string name, IReadOnlyList<ProtobufField> fields)
{
    public string Name { get; } = name;

    public IReadOnlyList<ProtobufField> Fields { get; } = fields;

    public IReadOnlyDictionary<int, ProtobufField> ByNumber { get; } = fields.ToDictionary(f => f.Number);
}
