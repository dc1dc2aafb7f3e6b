using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>ConfigMaps: NAME DATA AGE, DATA counting the entries of data and binaryData.</summary>
internal sealed class ConfigMapPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Data", "The number of entries in data and binaryData."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj) =>
        new([Name(obj), (long)(Fields.Count(obj, "data") + Fields.Count(obj, "binaryData")), Age(obj)]);
}
