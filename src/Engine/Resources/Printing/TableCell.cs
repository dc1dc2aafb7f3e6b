using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// One cell as a printer makes it: a value (text or a number), or a time measured only when the row is
/// written (AGE, a restart's "(3m ago)", a running job's DURATION), so a row printed once stays right as
/// the clock moves on (<see cref="RowTemplate"/>).
/// </summary>
public readonly struct TableCell
{
    private TableCell(object? value, Elapsed? since)
    {
        Value = value;
        SinceTime = since;
    }

    /// <summary>The cell's value (a string or a long), when it does not depend on the time of printing.</summary>
    public object? Value { get; }

    /// <summary>The time the cell measures from, and the text around the duration, when it does.</summary>
    public Elapsed? SinceTime { get; }

    /// <summary>The time from <paramref name="then"/> to the moment of printing (<see cref="HumanDuration.Since"/>), between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static TableCell Since(DateTimeOffset? then, string before = "", string after = "") => new(null, new Elapsed(then, before, after));

    public static implicit operator TableCell(string text) => new(text, null);

    public static implicit operator TableCell(long number) => new(number, null);

    /// <summary>The cell's value at <paramref name="now"/>.</summary>
    public JsonNode? At(DateTimeOffset now) => SinceTime is { } since ? since.At(now) : Value switch
    {
        string text => text,
        long number => number,
        _ => null,
    };

    /// <summary>Writes the cell's value (one that does not depend on the time of printing), as its <see cref="At"/> node would write.</summary>
    public void WriteValue(Utf8JsonWriter writer)
    {
        switch (Value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>A duration cell: <c>before + HumanDuration.Since(Then, now) + after</c>.</summary>
    public sealed record Elapsed(DateTimeOffset? Then, string Before, string After)
    {
        public string At(DateTimeOffset now) => Before + HumanDuration.Since(Then, now) + After;
    }
}

/// <summary>
/// An object's row before the time of printing is known: its cells, of which some measure a time
/// (<see cref="TableCell.Since"/>), and whether the object is done. <see cref="At"/> makes the row at a time.
/// </summary>
public sealed record RowTemplate(IReadOnlyList<TableCell> Cells, RowCompletion? Completed = null)
{
    public PrintedRow At(DateTimeOffset now) => new(Cells.Select(c => c.At(now)).ToArray(), Completed);
}
