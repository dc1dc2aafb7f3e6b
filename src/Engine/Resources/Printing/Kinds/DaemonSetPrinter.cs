using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>DaemonSets: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE; wide adds CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class DaemonSetPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Integer("Desired", "The total number of nodes that should be running the daemon pod."),
        TableColumn.Integer("Current", "The number of nodes running at least one daemon pod that are supposed to."),
        TableColumn.Integer("Ready", "The number of nodes whose daemon pod is ready."),
        TableColumn.Integer("Up-to-date", "The number of nodes running the updated daemon pod."),
        TableColumn.Integer("Available", "The number of nodes whose daemon pod has been available for at least minReadySeconds."),
        TableColumn.Text("Node Selector", "The node selector of the pod template."),
        StandardColumns.Age,
        .. StandardColumns.Workload,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var podSpec = Fields.At(obj, "spec", "template", "spec");
        return new RowTemplate(
        [
            Name(obj),
            Fields.Number(obj, "status", "desiredNumberScheduled"),
            Fields.Number(obj, "status", "currentNumberScheduled"),
            Fields.Number(obj, "status", "numberReady"),
            Fields.Number(obj, "status", "updatedNumberScheduled"),
            Fields.Number(obj, "status", "numberAvailable"),
            SelectorText.Labels(Fields.Map(podSpec, "nodeSelector")),
            Age(obj),
            .. PodTemplateCells.Wide(podSpec, SelectorText.Selector(Fields.At(obj, "spec", "selector"))),
        ]);
    }
}
