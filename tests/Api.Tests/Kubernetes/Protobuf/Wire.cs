using System.Text;

namespace Berth.Api.Tests.Kubernetes.Protobuf;

/// <summary>Writes the protobuf wire format by hand, field by field, for bodies a test spells out.</summary>
internal static class Wire
{
    public static byte[] Int(int number, long value) => [.. Tag(number, 0), .. Varint((ulong)value)];

    public static byte[] Bool(int number, bool value) => Int(number, value ? 1 : 0);

    public static byte[] Text(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    /// <summary>A length-delimited field: a string, bytes, a nested message, a map entry or a packed list.</summary>
    public static byte[] Field(int number, params byte[][] parts)
    {
        byte[] value = [.. parts.SelectMany(p => p)];
        return [.. Tag(number, 2), .. Varint((ulong)value.Length), .. value];
    }

    public static byte[] Entry(int number, string key, string value) => Field(number, Text(1, key), Text(2, value));

    public static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var low = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? low : (byte)(low | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    /// <summary>The body kubectl sends: the magic number, then a runtime.Unknown holding the type and the object's message.</summary>
    public static byte[] Envelope(string apiVersion, string kind, params byte[][] message) =>
        [.. "k8s\0"u8, .. Field(1, Text(1, apiVersion), Text(2, kind)), .. Field(2, message)];

    private static byte[] Tag(int number, int wireType) => Varint((ulong)((number << 3) | wireType));
}
