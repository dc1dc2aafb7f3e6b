using System.Text;

namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>
/// Writes one protobuf message in the wire format, field by field. Like protobuf's own encoders it
/// leaves out fields at their default (empty strings, false); a nested message is written whole.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream buffer = new();

    public ProtobufWriter String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }

        return this;
    }

    public ProtobufWriter Bool(int field, bool value)
    {
        if (value)
        {
            Varint(((ulong)field << 3) | 0);
            Varint(1);
        }

        return this;
    }

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public byte[] ToArray() => buffer.ToArray();

    private ProtobufWriter Bytes(int field, byte[] value)
    {
        Varint(((ulong)field << 3) | 2);
        Varint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.WriteByte((byte)value);
    }
}
