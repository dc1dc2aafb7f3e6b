using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>
/// Any kind without a printer of its own: NAME AGE, as kubectl shows a custom resource that defines no
/// columns. (Kubernetes' generic fallback for built-in kinds shows CREATED AT instead of AGE; every built-in
/// kind Berth serves has its own printer, so this serves what is added later.)
/// </summary>
internal sealed class DefaultPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } = [StandardColumns.Name, StandardColumns.Age];

    public override RowTemplate Template(JsonObject obj) => new([Name(obj), Age(obj)]);
}
