using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>Jobs, as kubectl 1.32 shows them: NAME STATUS COMPLETIONS DURATION AGE; wide adds CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class JobPrinter : ObjectPrinter
{
    // The first of these conditions that is true names the job's status, after Complete and Failed
    // and before Running; a job being deleted is Terminating unless it already finished.
    private static readonly string[] InterimConditions = ["Suspended", "FailureTarget", "SuccessCriteriaMet"];

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Status", "Status of the job."),
        TableColumn.Text("Completions", "The number of pods which reached phase Succeeded, of those needed."),
        TableColumn.Text("Duration", "Time required to complete the job."),
        StandardColumns.Age,
        .. StandardColumns.Workload,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        return new RowTemplate(
        [
            Name(obj),
            Status(obj),
            Completions(obj),
            Duration(obj),
            Age(obj),
            .. PodTemplateCells.Wide(Fields.At(obj, "spec", "template", "spec"), SelectorText.Selector(Fields.At(obj, "spec", "selector"))),
        ]);
    }

    private static string Status(JsonObject obj)
    {
        var conditions = Fields.Objects(obj, "status", "conditions");
        bool Holds(string type) => conditions.FirstOrDefault(c => Fields.Text(c, "type") == type) is { } condition
            && Fields.Text(condition, "status") == "True";

        if (Holds("Complete"))
        {
            return "Complete";
        }

        if (Holds("Failed"))
        {
            return "Failed";
        }

        if (Fields.Has(obj, "metadata", "deletionTimestamp"))
        {
            return "Terminating";
        }

        return InterimConditions.FirstOrDefault(Holds) ?? "Running";
    }

    // 2/3 with completions set; otherwise one success is enough, "of N" telling how many run at once.
    private static string Completions(JsonObject obj)
    {
        var succeeded = Fields.Number(obj, "status", "succeeded");
        if (Fields.Has(obj, "spec", "completions"))
        {
            return $"{succeeded}/{Fields.Number(obj, "spec", "completions")}";
        }

        var parallelism = Fields.Number(obj, "spec", "parallelism");
        return parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
    }

    // From start to completion, or to now while it runs; nothing before it starts.
    private static TableCell Duration(JsonObject obj)
    {
        if (Fields.Time(obj, "status", "startTime") is not { } start)
        {
            return "";
        }

        return Fields.Time(obj, "status", "completionTime") is { } completed ? HumanDuration.Format(completed - start) : TableCell.Since(start);
    }
}
