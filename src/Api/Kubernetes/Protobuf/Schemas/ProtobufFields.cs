namespace Berth.Api.Kubernetes.Protobuf.Schemas;

/// <summary>
/// The words the message tables are written in, one per kind of field, so a table reads like the
/// <c>generated.proto</c> it comes from: <c>Int(1, "replicas", KeepZero)</c>.
/// </summary>
internal static class ProtobufFields
{
    /// <summary>Write the field to JSON even at its zero value (Go pointers, fields without omitempty).</summary>
    public const bool KeepZero = true;

    public static ProtobufField Text(int number, string name, bool keepZero = false) => new(number, name, FieldType.Text, KeepZero: keepZero);

    public static ProtobufField Int(int number, string name, bool keepZero = false) => new(number, name, FieldType.Int, KeepZero: keepZero);

    public static ProtobufField Bool(int number, string name, bool keepZero = false) => new(number, name, FieldType.Bool, KeepZero: keepZero);

    public static ProtobufField Time(int number, string name) => new(number, name, FieldType.Time);

    public static ProtobufField Quantity(int number, string name) => new(number, name, FieldType.Quantity);

    public static ProtobufField IntOrString(int number, string name) => new(number, name, FieldType.IntOrString);

    public static ProtobufField Message(int number, string name, string message) => new(number, name, FieldType.Message, Message: message);

    public static ProtobufField Inline(int number, string message) => new(number, message, FieldType.Message, FieldShape.Inline, message);

    public static ProtobufField Texts(int number, string name) => new(number, name, FieldType.Text, FieldShape.List);

    public static ProtobufField Ints(int number, string name) => new(number, name, FieldType.Int, FieldShape.List);

    public static ProtobufField Messages(int number, string name, string message) => new(number, name, FieldType.Message, FieldShape.List, message);

    public static ProtobufField TextMap(int number, string name) => new(number, name, FieldType.Text, FieldShape.Map);

    public static ProtobufField BytesMap(int number, string name) => new(number, name, FieldType.Bytes, FieldShape.Map);

    public static ProtobufField QuantityMap(int number, string name) => new(number, name, FieldType.Quantity, FieldShape.Map);
}
