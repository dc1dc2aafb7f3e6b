using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Endpoints: NAME ENDPOINTS AGE, the addresses as ip:port, three of them and a count of the rest.</summary>
internal sealed class EndpointsPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Endpoints", "The addresses and ports of the service's endpoints."),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var subsets = Fields.Objects(obj, "subsets");
        return new RowTemplate([Name(obj), subsets.Count == 0 ? "<none>" : ShortList.Of(subsets.SelectMany(Addresses).ToList()), Age(obj)]);
    }

    // Every address at every port of the subset; a subset without ports (a headless service) lists bare IPs.
    private static IEnumerable<string> Addresses(JsonObject subset)
    {
        var ips = Fields.Objects(subset, "addresses").Select(a => Fields.Text(a, "ip")).ToList();
        var ports = Fields.Objects(subset, "ports");
        return ports.Count == 0
            ? ips
            : ports.SelectMany(port => ips.Select(ip => HostPort(ip, Fields.Number(port, "port"))));
    }

    private static string HostPort(string ip, long port) => ip.Contains(':') ? $"[{ip}]:{port}" : $"{ip}:{port}";
}
