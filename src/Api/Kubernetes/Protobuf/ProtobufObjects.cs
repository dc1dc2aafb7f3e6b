using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>
/// Decodes a Kubernetes protobuf body (<c>application/vnd.kubernetes.protobuf</c>) into the JSON
/// object the rest of Berth works with. The body is the 4-byte magic <c>k8s\0</c> and a
/// <c>runtime.Unknown</c>: the type (apiVersion, kind) and the raw message of that kind.
/// </summary>
internal static class ProtobufObjects
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    /// <summary>The object, or null when it is of a kind <see cref="ProtobufSchemas"/> does not know.</summary>
    public static JsonObject? TryDecode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("a protobuf body must start with the Kubernetes magic number");
        }

        string? apiVersion = null, kind = null;
        ReadOnlySpan<byte> raw = default;
        var unknown = new ProtobufReader(body[Magic.Length..]);
        while (!unknown.End)
        {
            var (field, wireType) = unknown.ReadTag();
            switch (field)
            {
                case 1 when wireType == 2:
                    (apiVersion, kind) = TypeMeta(unknown.ReadBytes());
                    break;
                case 2 when wireType == 2:
                    raw = unknown.ReadBytes();
                    break;
                default:
                    unknown.Skip(wireType);
                    break;
            }
        }

        if (apiVersion is null || kind is null || !ProtobufSchemas.Supports(apiVersion, kind))
        {
            return null;
        }

        var obj = Message(raw, kind);
        obj.Insert(0, "apiVersion", apiVersion);
        obj.Insert(1, "kind", kind);
        return obj;
    }

    private static (string? ApiVersion, string? Kind) TypeMeta(ReadOnlySpan<byte> bytes)
    {
        string? apiVersion = null, kind = null;
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType == 2 && field is 1 or 2)
            {
                var text = Encoding.UTF8.GetString(reader.ReadBytes());
                if (field == 1)
                {
                    apiVersion = text;
                }
                else
                {
                    kind = text;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (apiVersion, kind);
    }

    private static JsonObject Message(ReadOnlySpan<byte> bytes, string message)
    {
        var schema = ProtobufSchemas.Messages[message];
        var obj = new JsonObject();
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (number, wireType) = reader.ReadTag();
            if (!schema.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            switch (field.Kind)
            {
                case FieldKind.Bool:
                    obj[field.Name] = reader.ReadVarint() != 0;
                    break;
                case FieldKind.Int:
                    obj[field.Name] = (long)reader.ReadVarint();
                    break;
                case FieldKind.String:
                    // Go writes every string field, set or not; JSON leaves the empty ones out.
                    var text = Encoding.UTF8.GetString(reader.ReadBytes());
                    if (text.Length > 0)
                    {
                        obj[field.Name] = text;
                    }

                    break;
                case FieldKind.Bytes:
                    obj[field.Name] = Convert.ToBase64String(reader.ReadBytes());
                    break;
                case FieldKind.Message:
                    obj[field.Name] = Message(reader.ReadBytes(), field.Message!);
                    break;
                case FieldKind.StringList:
                    var list = obj[field.Name] as JsonArray ?? new JsonArray();
                    list.Add(Encoding.UTF8.GetString(reader.ReadBytes()));
                    obj[field.Name] = list;
                    break;
                default: // a map: each entry is a message with the key in field 1 and the value in field 2
                    var map = obj[field.Name] as JsonObject ?? new JsonObject();
                    var (key, value) = MapEntry(reader.ReadBytes(), field.Kind == FieldKind.BytesMap);
                    map[key] = value;
                    obj[field.Name] = map;
                    break;
            }
        }

        return obj;
    }

    private static (string Key, string Value) MapEntry(ReadOnlySpan<byte> bytes, bool base64)
    {
        string key = "", value = "";
        var reader = new ProtobufReader(bytes);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType != 2 || field is not (1 or 2))
            {
                reader.Skip(wireType);
                continue;
            }

            var data = reader.ReadBytes();
            if (field == 1)
            {
                key = Encoding.UTF8.GetString(data);
            }
            else
            {
                value = base64 ? Convert.ToBase64String(data) : Encoding.UTF8.GetString(data);
            }
        }

        return (key, value);
    }
}
