using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Printing.Kinds;

/// <summary>CronJobs: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE; wide adds CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class CronJobPrinter : ObjectPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        StandardColumns.Name,
        TableColumn.Text("Schedule", "The schedule in Cron format."),
        TableColumn.Text("Timezone", "The time zone name for the given schedule."),
        new("Suspend", "boolean", "Whether the controller suspends subsequent executions."),
        TableColumn.Integer("Active", "The jobs that are running now."),
        TableColumn.Text("Last Schedule", "When a job was last successfully scheduled."),
        StandardColumns.Age,
        .. StandardColumns.Workload,
    ];

    public override RowTemplate Template(JsonObject obj)
    {
        var jobSpec = Fields.At(obj, "spec", "jobTemplate", "spec");
        var timeZone = Fields.Text(obj, "spec", "timeZone");
        var lastSchedule = Fields.Time(obj, "status", "lastScheduleTime");
        return new RowTemplate(
        [
            Name(obj),
            Fields.Text(obj, "spec", "schedule"),
            Fields.Has(obj, "spec", "timeZone") ? timeZone : "<none>",
            // The column is a boolean, but Kubernetes writes the cell as text, <unset> when absent.
            Fields.Flag(obj, "spec", "suspend") switch { true => "True", false => "False", null => "<unset>" },
            (long)Fields.Count(obj, "status", "active"),
            lastSchedule is null ? "<none>" : TableCell.Since(lastSchedule),
            Age(obj),
            .. PodTemplateCells.Wide(Fields.At(jobSpec, "template", "spec"), SelectorText.Selector(Fields.At(jobSpec, "selector"))),
        ]);
    }
}
