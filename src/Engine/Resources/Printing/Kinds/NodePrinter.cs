using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>
/// Nodes: NAME STATUS ROLES AGE VERSION; wide adds INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
/// CONTAINER-RUNTIME. STATUS is the Ready condition (Ready, NotReady, Unknown without one), with
/// SchedulingDisabled once the node is cordoned.
/// </summary>
internal sealed class NodePrinter : ObjectPrinter
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Status", "The status of the node"),
        TableColumn.Text("Roles", "The roles of the node"),
        StandardColumns.Age,
        TableColumn.Text("Version", "The version of the node agent (kubelet) the node reports."),
        TableColumn.Wide("Internal-IP", "The first internal IP address of the node."),
        TableColumn.Wide("External-IP", "The first external IP address of the node."),
        TableColumn.Wide("OS-Image", "The operating system image the node reports."),
        TableColumn.Wide("Kernel-Version", "The kernel version the node reports."),
        TableColumn.Wide("Container-Runtime", "The container runtime and version the node reports."),
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var info = Fields.At(obj, "status", "nodeInfo");
        return new RowTemplate(
        [
            Name(obj),
            Status(obj),
            Roles(Fields.Map(obj, "metadata", "labels")),
            Age(obj),
            Fields.Text(info, "kubeletVersion"),
            Address(obj, "InternalIP"),
            Address(obj, "ExternalIP"),
            OrUnknown(Fields.Text(info, "osImage")),
            OrUnknown(Fields.Text(info, "kernelVersion")),
            OrUnknown(Fields.Text(info, "containerRuntimeVersion")),
        ]);
    }

    private static string Status(JsonObject obj)
    {
        // The last Ready condition wins, as a map keyed by type would keep it.
        var ready = Fields.Objects(obj, "status", "conditions").LastOrDefault(c => Fields.Text(c, "type") == "Ready");
        var status = ready is null ? "Unknown" : Fields.Text(ready, "status") == "True" ? "Ready" : "NotReady";
        return Fields.Flag(obj, "spec", "unschedulable") == true ? status + ",SchedulingDisabled" : status;
    }

    // node-role.kubernetes.io/<role> labels, and the older kubernetes.io/role=<role>.
    private static string Roles(IReadOnlyDictionary<string, string> labels)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal) && key.Length > RoleLabelPrefix.Length)
            {
                roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles.Count > 0 ? string.Join(",", roles) : "<none>";
    }

    private static string Address(JsonObject obj, string type) =>
        Fields.Objects(obj, "status", "addresses").FirstOrDefault(a => Fields.Text(a, "type") == type) is { } address
            ? Fields.Text(address, "address")
            : "<none>";

    private static string OrUnknown(string text) => text.Length > 0 ? text : "<unknown>";
}
