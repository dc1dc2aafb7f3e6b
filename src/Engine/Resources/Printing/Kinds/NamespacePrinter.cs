using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Namespaces: NAME STATUS AGE, STATUS being the phase (Active, Terminating).</summary>
internal sealed class NamespacePrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Status", "The status of the namespace"),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj) =>
        new([Name(obj), Fields.Text(obj, "status", "phase"), Age(obj)]);
}
