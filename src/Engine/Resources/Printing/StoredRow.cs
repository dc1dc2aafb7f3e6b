using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// What a Table row of one stored object needs besides the clock: its cells, already encoded as JSON
/// except those that measure a time (<see cref="TableCell.Since"/>, written at each request), whether
/// it is done, and where its metadata lies in the stored bytes. Kept beside the stored value, by
/// instance, for as long as that value lives: each revision of an object is its own value, so an
/// object is parsed and printed once per revision while the store's list cache holds it
/// (<c>Store/Watch/ListCache.cs</c>), and values read from the database come and go with their page.
/// </summary>
internal sealed class StoredRow
{
    private static readonly ConditionalWeakTable<KeyValue, StoredRow> Kept = new();

    private readonly ObjectPrinter printer;

    // In order: byte[] runs of cells as JSON, comma-separated, written as they are; TableCell.Elapsed cells, measured when written.
    private readonly object[] parts;

    private StoredRow(ObjectPrinter printer, KeyValue value)
    {
        this.printer = printer;
        var template = printer.Template(ObjectJson.FromStore(value));
        Completed = template.Completed;
        Metadata = ResourceVersionSplice.Locate(value);
        var parts = new List<object>(2);
        var run = new ArrayBufferWriter<byte>(256);
        using var writer = new Utf8JsonWriter(run, new JsonWriterOptions { SkipValidation = true }); // a run is several values, comma-separated
        foreach (var cell in template.Cells)
        {
            if (cell.SinceTime is { } since)
            {
                EndRun();
                parts.Add(since);
            }
            else
            {
                cell.WriteValue(writer);
            }
        }

        EndRun();
        this.parts = parts.ToArray();

        void EndRun()
        {
            writer.Flush();
            if (run.WrittenCount > 0)
            {
                parts.Add(run.WrittenSpan.ToArray());
            }

            run.ResetWrittenCount();
            writer.Reset(run); // the next run starts with no separator: the writer of the table puts it there
        }
    }

    public RowCompletion? Completed { get; }

    /// <summary>Where the object's metadata lies in its stored bytes (<see cref="ResourceVersionSplice.Locate"/>).</summary>
    public MetadataPosition? Metadata { get; }

    /// <summary>The row of <paramref name="value"/> as <paramref name="printer"/> prints it, made the first time it is asked for.</summary>
    public static StoredRow Of(ObjectPrinter printer, KeyValue value)
    {
        if (Kept.TryGetValue(value, out var row) && ReferenceEquals(row.printer, printer))
        {
            return row;
        }

        row = new StoredRow(printer, value);
        Kept.AddOrUpdate(value, row);
        return row;
    }

    /// <summary>The <c>cells</c> array, its times measured up to <paramref name="now"/>.</summary>
    public void WriteCells(Utf8JsonWriter writer, DateTimeOffset now)
    {
        writer.WriteStartArray();
        foreach (var part in parts)
        {
            if (part is byte[] run)
            {
                writer.WriteRawValue(run, skipInputValidation: true); // several values: the writer still separates them from the next
            }
            else
            {
                writer.WriteStringValue(((TableCell.Elapsed)part).At(now));
            }
        }

        writer.WriteEndArray();
    }
}
