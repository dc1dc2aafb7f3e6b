using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>ReplicaSets: NAME DESIRED CURRENT READY AGE; wide adds CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class ReplicaSetPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Integer("Desired", "Number of desired pods."),
        TableColumn.Integer("Current", "The most recently observed number of pods."),
        TableColumn.Integer("Ready", "The number of pods targeted by this ReplicaSet with a Ready condition."),
        StandardColumns.Age,
        .. StandardColumns.Workload,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        return new RowTemplate(
        [
            Name(obj),
            Fields.Number(obj, "spec", "replicas"),
            Fields.Number(obj, "status", "replicas"),
            Fields.Number(obj, "status", "readyReplicas"),
            Age(obj),
            .. PodTemplateCells.Wide(Fields.At(obj, "spec", "template", "spec"), SelectorText.Selector(Fields.At(obj, "spec", "selector"))),
        ]);
    }
}
