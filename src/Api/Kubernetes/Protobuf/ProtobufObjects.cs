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

    /// <summary>The object, or null when it is of a kind <see cref="ProtobufSchemas"/> does not read.</summary>
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

        var message = apiVersion is null || kind is null ? null : ProtobufSchemas.ForKind(apiVersion, kind);
        if (message is null)
        {
            return null;
        }

        var obj = ProtobufJson.Decode(raw, message);
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
}
