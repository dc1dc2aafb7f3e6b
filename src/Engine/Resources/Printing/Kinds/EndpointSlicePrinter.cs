using System.Globalization;
using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>EndpointSlices: NAME ADDRESSTYPE PORTS ENDPOINTS AGE.</summary>
internal sealed class EndpointSlicePrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("AddressType", "The type of address carried by this slice: IPv4, IPv6 or FQDN."),
        TableColumn.Text("Ports", "The network ports exposed by each endpoint in this slice."),
        TableColumn.Text("Endpoints", "The addresses of the endpoints in this slice."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var ports = Fields.Objects(obj, "ports").Select(Port).ToList();
        var addresses = Fields.Objects(obj, "endpoints").SelectMany(e => Fields.Texts(e, "addresses")).ToList();
        return new RowTemplate([Name(obj), Fields.Text(obj, "addressType"), OrUnset(ShortList.Of(ports)), OrUnset(ShortList.Of(addresses)), Age(obj)]);
    }

    // A port's number, else its name, else * (a slice port without either means all ports).
    private static string Port(JsonObject port) =>
        Fields.Has(port, "port") ? Fields.Number(port, "port").ToString(CultureInfo.InvariantCulture)
            : Fields.Has(port, "name") ? Fields.Text(port, "name")
            : "*";

    private static string OrUnset(string text) => text.Length > 0 ? text : "<unset>";
}
