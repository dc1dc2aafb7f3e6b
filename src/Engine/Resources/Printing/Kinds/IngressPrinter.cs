using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Ingresses: NAME CLASS HOSTS ADDRESS PORTS AGE.</summary>
internal sealed class IngressPrinter : ObjectPrinter
{
    // Kubernetes names three hosts and counts the rest.
    private const int MaxHosts = 3;

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Class", "The name of the IngressClass resource that should be used for additional configuration"),
        TableColumn.Text("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        TableColumn.Text("Address", "Address is a list containing ingress points for the load-balancer"),
        TableColumn.Text("Ports", "Ports of TLS configurations that open"),
        StandardColumns.Age,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var spec = obj["spec"];
        return new RowTemplate(
        [
            Name(obj),
            Fields.Text(spec, "ingressClassName") is { Length: > 0 } className ? className : "<none>",
            Hosts(Fields.Objects(spec, "rules")),
            string.Join(",", LoadBalancerAddresses.Of(Fields.At(obj, "status", "loadBalancer"))),
            Fields.Count(spec, "tls") > 0 ? "80, 443" : "80",
            Age(obj),
        ]);
    }

    // The first three hosts named; once three are found, any later rule only adds to the count of the rest.
    private static string Hosts(IReadOnlyList<JsonObject> rules)
    {
        var hosts = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            more |= hosts.Count == MaxHosts;
            if (!more && Fields.Text(rule, "host") is { Length: > 0 } host)
            {
                hosts.Add(host);
            }
        }

        if (hosts.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", hosts);
        return more ? $"{text} + {rules.Count - MaxHosts} more..." : text;
    }
}
