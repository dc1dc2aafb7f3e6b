using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Secrets: NAME TYPE DATA AGE.</summary>
internal sealed class SecretPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Type", "The type of the secret, which says what its data holds."),
        TableColumn.Text("Data", "The number of entries in data."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj) =>
        new([Name(obj), Fields.Text(obj, "type"), (long)Fields.Count(obj, "data"), Age(obj)]);
}
