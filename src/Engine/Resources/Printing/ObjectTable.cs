using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Printing;

/// <summary>
/// Builds the <c>meta.k8s.io</c> <c>Table</c> that <c>kubectl get</c> asks for: the printer's columns (all
/// of them: kubectl leaves out the wide ones itself), one row per object, and the list's own metadata,
/// so a following watch starts from the table's resourceVersion.
/// </summary>
public static class ObjectTable
{
    public const string Kind = "Table";

    /// <summary>The table of one object (a get); its resourceVersion is the object's.</summary>
    public static JsonObject Of(ObjectPrinter printer, JsonObject obj, TableOptions options, DateTimeOffset now)
    {
        var metadata = new JsonObject();
        if (ObjectJson.String(ObjectJson.Metadata(obj), "resourceVersion") is { } revision)
        {
            metadata["resourceVersion"] = revision;
        }

        return Build(printer, [obj], metadata, options, headers: true, now);
    }

    /// <summary>The table of a page of objects (a list), with the list's resourceVersion and continue token.</summary>
    public static JsonObject Of(ObjectPrinter printer, ObjectList list, TableOptions options, DateTimeOffset now) =>
        Build(printer, list.Items, list.Metadata(), options, headers: true, now);

    /// <summary>
    /// The object of one watch event: a table of one row. Kubernetes sends the column definitions with the
    /// first event only (<paramref name="headers"/>); kubectl keeps using them for the rows that follow.
    /// </summary>
    public static JsonObject OfEvent(ObjectPrinter printer, ObjectEvent change, TableOptions options, bool headers, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["resourceVersion"] = change.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        // A bookmark only carries a revision: a table with no row says the same without printing a blank line.
        IReadOnlyList<JsonObject> rows = change.Type == ObjectEvent.Bookmark ? [] : [change.Object];
        return Build(printer, rows, metadata, options, headers, now);
    }

    private static JsonObject Build(ObjectPrinter printer, IReadOnlyList<JsonObject> objects, JsonObject metadata, TableOptions options, bool headers, DateTimeOffset now) => new()
    {
        ["kind"] = Kind,
        ["apiVersion"] = options.ApiVersion,
        ["metadata"] = metadata,
        // Without headers the field is null, as Kubernetes writes it.
        ["columnDefinitions"] = headers ? ColumnDefinitions(printer) : null,
        ["rows"] = new JsonArray(objects.Select(o => (JsonNode)Row(printer.Print(o, now), o, options)).ToArray()),
    };

    /// <summary>The table's <c>columnDefinitions</c>: every column of the printer.</summary>
    internal static JsonArray ColumnDefinitions(ObjectPrinter printer) => new(printer.Columns.Select(c => (JsonNode)Column(c)).ToArray());

    /// <summary>A row's <c>conditions</c>: <c>Completed</c> for an object that is done, else none (null).</summary>
    internal static JsonArray? Conditions(RowCompletion? completed) => completed is not null
        ? new JsonArray(new JsonObject
        {
            ["type"] = "Completed",
            ["status"] = "True",
            ["reason"] = completed.Reason,
            ["message"] = completed.Message,
        })
        : null;

    private static JsonObject Column(TableColumn column) => new()
    {
        ["name"] = column.Name,
        ["type"] = column.Type,
        ["format"] = column.Format,
        ["description"] = column.Description,
        ["priority"] = column.Priority,
    };

    private static JsonObject Row(PrintedRow printed, JsonObject obj, TableOptions options)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(printed.Cells.ToArray()) };
        if (Conditions(printed.Completed) is { } conditions)
        {
            row["conditions"] = conditions;
        }

        switch (options.Include)
        {
            case IncludeObject.Metadata:
                row["object"] = PartialObjectMetadata.Of(obj, options.ApiVersion);
                break;
            case IncludeObject.Object:
                row["object"] = obj.DeepClone();
                break;
        }

        return row;
    }
}
