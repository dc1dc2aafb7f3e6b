using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Services: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE; wide adds SELECTOR.</summary>
internal sealed class ServicePrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
        TableColumn.Text("Cluster-IP", "The IP address of the service inside the cluster."),
        TableColumn.Text("External-IP", "The IP addresses (or name) the service is reachable at from outside the cluster."),
        TableColumn.Text("Port(s)", "The ports the service exposes, with their node ports."),
        StandardColumns.Age,
        TableColumn.Wide("Selector", "The labels of the pods the service routes traffic to."),
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var spec = obj["spec"];
        // The API server defaults type to ClusterIP and clusterIPs from clusterIP; read either way.
        var type = Fields.Text(spec, "type") is { Length: > 0 } given ? given : "ClusterIP";
        var clusterIp = Fields.Texts(spec, "clusterIPs").FirstOrDefault() ?? Fields.Text(spec, "clusterIP");
        var ports = string.Join(",", Fields.Objects(spec, "ports").Select(Port));
        return new RowTemplate(
        [
            Name(obj),
            type,
            clusterIp.Length > 0 ? clusterIp : "<none>",
            ExternalIp(obj, type),
            ports.Length > 0 ? ports : "<none>",
            Age(obj),
            SelectorText.Labels(Fields.Map(spec, "selector")),
        ]);
    }

    // 80/TCP, or 80:30080/TCP with a node port.
    private static string Port(JsonObject port)
    {
        var protocol = Fields.Text(port, "protocol") is { Length: > 0 } given ? given : "TCP";
        var nodePort = Fields.Number(port, "nodePort");
        return nodePort > 0
            ? $"{Fields.Number(port, "port")}:{nodePort}/{protocol}"
            : $"{Fields.Number(port, "port")}/{protocol}";
    }

    private static string ExternalIp(JsonObject obj, string type)
    {
        var externalIps = Fields.Texts(obj, "spec", "externalIPs");
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var balancer = LoadBalancerAddresses.Of(Fields.At(obj, "status", "loadBalancer"));
                if (externalIps.Count > 0)
                {
                    return string.Join(",", balancer.Concat(externalIps));
                }

                return balancer.Count > 0 ? string.Join(",", balancer) : "<pending>";
            case "ExternalName":
                return Fields.Text(obj, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }
}
