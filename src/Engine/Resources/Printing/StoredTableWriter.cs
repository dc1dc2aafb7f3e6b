using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// Writes the <c>Table</c> of a list of stored objects row by row, byte for byte as
/// <see cref="ObjectTable"/> builds it, without building it: each object's cells come from its
/// <see cref="StoredRow"/> (parsed and printed once per stored value, so a list from the store's
/// memory only measures the times), and what the row carries of it (its metadata, by default) is
/// copied from the stored bytes with the resourceVersion spliced in (<see cref="ResourceVersionSplice"/>)
/// instead of being cloned as objects and serialized.
/// </summary>
public sealed class StoredTableWriter(ObjectPrinter printer, TableOptions options, DateTimeOffset now)
{
    private readonly ArrayBufferWriter<byte> scratch = new(16 * 1024);

    /// <summary>The table's head, up to the opening of <c>rows</c>: kind, apiVersion, the list's metadata, the columns.</summary>
    public void WriteStart(Utf8JsonWriter writer, JsonObject listMetadata)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", ObjectTable.Kind);
        writer.WriteString("apiVersion", options.ApiVersion);
        writer.WritePropertyName("metadata");
        listMetadata.WriteTo(writer);
        writer.WritePropertyName("columnDefinitions");
        ObjectTable.ColumnDefinitions(printer).WriteTo(writer);
        writer.WritePropertyName("rows");
        writer.WriteStartArray();
    }

    public void WriteRow(Utf8JsonWriter writer, KeyValue value)
    {
        var row = StoredRow.Of(printer, value);
        writer.WriteStartObject();
        writer.WritePropertyName("cells");
        row.WriteCells(writer, now);
        if (ObjectTable.Conditions(row.Completed) is { } conditions)
        {
            writer.WritePropertyName("conditions");
            conditions.WriteTo(writer);
        }

        switch (options.Include)
        {
            case IncludeObject.Metadata:
                writer.WritePropertyName("object");
                writer.WriteStartObject();
                writer.WriteString("kind", PartialObjectMetadata.Kind);
                writer.WriteString("apiVersion", options.ApiVersion);
                writer.WritePropertyName("metadata");
                WriteStored(writer, value, row.Metadata, ResourceVersionSplice.WriteMetadata);
                writer.WriteEndObject();
                break;
            case IncludeObject.Object:
                writer.WritePropertyName("object");
                WriteStored(writer, value, row.Metadata, ResourceVersionSplice.Write);
                break;
        }

        writer.WriteEndObject();
    }

    public static void WriteEnd(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteStored(Utf8JsonWriter writer, KeyValue value, MetadataPosition? metadata, Action<KeyValue, MetadataPosition?, IBufferWriter<byte>> splice)
    {
        scratch.ResetWrittenCount();
        splice(value, metadata, scratch);
        writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
    }
}
