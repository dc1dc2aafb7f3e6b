using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Deployments: NAME READY UP-TO-DATE AVAILABLE AGE; wide adds CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class DeploymentPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Ready", "Number of the pod with ready state"),
        TableColumn.Text("Up-to-date", "Total number of pods targeted by this deployment that have the desired template spec."),
        TableColumn.Text("Available", "Total number of pods targeted by this deployment that have been available for at least minReadySeconds."),
        StandardColumns.Age,
        .. StandardColumns.Workload,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        // Unlike other workloads, a Deployment's row shows an empty selector as nothing rather than <none>.
        var selector = SelectorText.Requirements(Fields.At(obj, "spec", "selector")) ?? "<invalid>";
        return new RowTemplate(
        [
            Name(obj),
            $"{Fields.Number(obj, "status", "readyReplicas")}/{Fields.Number(obj, "spec", "replicas")}",
            Fields.Number(obj, "status", "updatedReplicas"),
            Fields.Number(obj, "status", "availableReplicas"),
            Age(obj),
            .. PodTemplateCells.Wide(Fields.At(obj, "spec", "template", "spec"), selector),
        ]);
    }
}
