using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>ServiceAccounts: NAME SECRETS AGE, SECRETS counting the secrets the account lists.</summary>
internal sealed class ServiceAccountPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Secrets", "The number of secrets the service account lists."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj) =>
        new([Name(obj), (long)Fields.Count(obj, "secrets"), Age(obj)]);
}
