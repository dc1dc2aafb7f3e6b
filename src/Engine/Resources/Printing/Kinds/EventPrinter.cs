using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>
/// Events: LAST SEEN TYPE REASON OBJECT MESSAGE; wide adds SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
/// Events written through the newer events API carry eventTime and series instead of the timestamps and
/// count, and are read that way too.
/// </summary>
internal sealed class EventPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.Text("Last Seen", "The time since the event was last seen."),
        TableColumn.Text("Type", "The type of the event: Normal or Warning."),
        TableColumn.Text("Reason", "Why the event happened, in one word."),
        TableColumn.Text("Object", "The object the event is about."),
        TableColumn.Wide("Subobject", "The part of the object the event is about, such as a container."),
        TableColumn.Wide("Source", "The component (and host) that reported the event."),
        TableColumn.Text("Message", "A human-readable description of the event."),
        TableColumn.Wide("First Seen", "The time since the event was first seen."),
        TableColumn.Wide("Count", "The number of times the event has occurred."),
        StandardColumns.Name with { Priority = 1 },
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var firstSeen = TableCell.Since(Fields.Time(obj, "firstTimestamp") ?? Fields.Time(obj, "eventTime"));
        var lastSeen = Fields.Time(obj, "lastTimestamp") is { } last ? TableCell.Since(last) : firstSeen;
        var count = Fields.Number(obj, "count");
        if (Fields.At(obj, "series") is JsonObject series)
        {
            lastSeen = TableCell.Since(Fields.Time(series, "lastObservedTime"));
            count = Fields.Number(series, "count");
        }
        else if (count == 0)
        {
            count = 1; // events of the newer API happen once unless they have a series
        }

        var involved = Fields.At(obj, "involvedObject");
        var kind = Fields.Text(involved, "kind").ToLowerInvariant();
        var target = Fields.Text(involved, "name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        return new RowTemplate(
        [
            lastSeen,
            Fields.Text(obj, "type"),
            Fields.Text(obj, "reason"),
            target,
            Fields.Text(involved, "fieldPath"),
            Source(obj),
            Fields.Text(obj, "message").Trim(),
            firstSeen,
            count,
            Name(obj),
        ]);
    }

    // "component, host", falling back to the newer API's reporting controller and instance.
    private static string Source(JsonObject obj)
    {
        var component = FirstNonEmpty(Fields.Text(obj, "source", "component"), Fields.Text(obj, "reportingComponent"));
        var instance = FirstNonEmpty(Fields.Text(obj, "source", "host"), Fields.Text(obj, "reportingInstance"));
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;
}
