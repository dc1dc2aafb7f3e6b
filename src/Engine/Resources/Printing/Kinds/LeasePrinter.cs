using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Leases: NAME HOLDER AGE.</summary>
internal sealed class LeasePrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Holder", "The identity of the holder of the lease."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj) =>
        new([Name(obj), Fields.Text(obj, "spec", "holderIdentity"), Age(obj)]);
}
