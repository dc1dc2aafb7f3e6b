using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// How <c>kubectl get</c> shows one kind: the columns Kubernetes' printers define for it and the cells of
/// an object. Printers read the object's JSON as stored, so fields a printer does not know cost nothing.
/// </summary>
public abstract class ObjectPrinter
{
    public abstract IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The row of <paramref name="obj"/> with its times (AGE, durations) still to be measured: what a printer knows of an object without a clock.</summary>
    public abstract RowTemplate Template(JsonObject obj);

    /// <summary>The row of <paramref name="obj"/>; times (AGE, durations) are measured up to <paramref name="now"/>.</summary>
    public PrintedRow Print(JsonObject obj, DateTimeOffset now) => Template(obj).At(now);

    protected static string Name(JsonObject obj) => Fields.Text(obj, "metadata", "name");

    protected static TableCell Age(JsonObject obj) => TableCell.Since(Fields.Time(obj, "metadata", "creationTimestamp"));
}
