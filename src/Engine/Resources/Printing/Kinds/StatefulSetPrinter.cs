using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>StatefulSets: NAME READY AGE; wide adds CONTAINERS IMAGES.</summary>
internal sealed class StatefulSetPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Ready", "Number of the pod with ready state"),
        StandardColumns.Age,
        StandardColumns.Containers,
        StandardColumns.Images,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var (names, images) = PodTemplateCells.Of(Fields.At(obj, "spec", "template", "spec"));
        return new RowTemplate(
        [
            Name(obj),
            $"{Fields.Number(obj, "status", "readyReplicas")}/{Fields.Number(obj, "spec", "replicas")}",
            Age(obj),
            names,
            images,
        ]);
    }
}
