using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Objects;

/// <summary>
/// An object's JSON as the API answers with it, made from the stored bytes without building the
/// object: the bytes as they are, with <c>"resourceVersion":"N"</c> added as the last field of the
/// top-level <c>metadata</c>. That is byte for byte what <see cref="ObjectJson.FromStore"/> then
/// writing the object makes, because the store holds what <see cref="ObjectJson.ToStore"/> wrote
/// (compact, with the same encoder), and a field new to a <c>JsonObject</c> goes last. A list of
/// thousands of objects costs a copy and a scan of each object's top level instead of a parse, a
/// tree and a serialization.
/// </summary>
public static class ResourceVersionSplice
{
    private static ReadOnlySpan<byte> Field => "\"resourceVersion\":\""u8;

    /// <summary>Writes <paramref name="value"/>'s object, with its resourceVersion, to <paramref name="output"/>.</summary>
    public static void Write(KeyValue value, IBufferWriter<byte> output) => Write(value, Locate(value), output);

    /// <summary>
    /// Where <paramref name="value"/>'s top-level <c>metadata</c> object lies in its bytes, for the writes
    /// below to use again without scanning the object (a cached Table row keeps it); null when there is
    /// nothing to splice into, and the writes go through the object instead.
    /// </summary>
    public static MetadataPosition? Locate(KeyValue value) => value.Revision <= 0 ? null : FindMetadata(value.Value);

    /// <summary><see cref="Write(KeyValue, IBufferWriter{byte})"/> with the <paramref name="position"/> that <see cref="Locate"/> found.</summary>
    public static void Write(KeyValue value, MetadataPosition? position, IBufferWriter<byte> output)
    {
        var json = value.Value;
        if (value.Revision <= 0)
        {
            output.Write(json); // never stored (a dry-run create): no resourceVersion, as FromStore
            return;
        }

        if (position is not { } metadata)
        {
            WriteThroughObject(output, ObjectJson.FromStore(value));
            return;
        }

        output.Write(json.AsSpan(0, metadata.End));
        WriteField(value.Revision, metadata.Empty, output);
        output.Write(json.AsSpan(metadata.End));
    }

    /// <summary>Writes only <paramref name="value"/>'s <c>metadata</c> object, with its resourceVersion (what a Table row's <c>PartialObjectMetadata</c> carries).</summary>
    public static void WriteMetadata(KeyValue value, IBufferWriter<byte> output) => WriteMetadata(value, Locate(value), output);

    /// <summary><see cref="WriteMetadata(KeyValue, IBufferWriter{byte})"/> with the <paramref name="position"/> that <see cref="Locate"/> found.</summary>
    public static void WriteMetadata(KeyValue value, MetadataPosition? position, IBufferWriter<byte> output)
    {
        var json = value.Value;
        if (value.Revision <= 0 || position is not { } metadata)
        {
            WriteThroughObject(output, ObjectJson.Metadata(ObjectJson.FromStore(value)));
            return;
        }

        output.Write(json.AsSpan(metadata.Start, metadata.End - metadata.Start));
        WriteField(value.Revision, metadata.Empty, output);
        output.Write("}"u8);
    }

    private static void WriteField(long revision, bool empty, IBufferWriter<byte> output)
    {
        if (!empty)
        {
            output.Write(","u8);
        }

        output.Write(Field);
        var digits = output.GetSpan(20);
        Utf8Formatter.TryFormat(revision, digits, out var written);
        output.Advance(written);
        output.Write("\""u8);
    }

    /// <summary>
    /// Where the top-level <c>metadata</c> object starts (its opening brace) and ends (its closing
    /// brace), and whether it is empty; null when the bytes are not laid out as the store writes
    /// objects (no metadata object, one that already names a resourceVersion, or whitespace before
    /// its end), which the object path then writes exactly as before.
    /// </summary>
    private static MetadataPosition? FindMetadata(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var start = (int)reader.TokenStartIndex;
            var empty = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("resourceVersion"u8))
                {
                    return null;
                }

                empty = false;
                reader.Read();
                reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return null;
            }

            var end = (int)reader.TokenStartIndex;
            // Compact JSON only: whitespace before the brace would end up after the spliced field.
            return json[end - 1] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' ? null : new MetadataPosition(start, end, empty);
        }

        return null;
    }

    private static void WriteThroughObject(IBufferWriter<byte> output, System.Text.Json.Nodes.JsonNode node)
    {
        using var writer = new Utf8JsonWriter(output);
        node.WriteTo(writer);
    }

}

/// <summary>Where an object's top-level <c>metadata</c> object starts (its opening brace) and ends (its closing brace) in its stored bytes, and whether it is empty.</summary>
public readonly record struct MetadataPosition(int Start, int End, bool Empty);
