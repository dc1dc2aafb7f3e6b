namespace Berth.Engine.Tests.Resources.Admission;

public sealed class CronJobAdmissionTests
{
    private static string CronJob(string schedule = "*/5 * * * *", string name = "tick", string jobSpec = """{"template":{"spec":{"restartPolicy":"OnFailure","containers":[CONTAINER]}}}""") =>
        """{"metadata":{"name":"NAME"},"spec":{"schedule":"SCHEDULE","jobTemplate":{"spec":JOB}}}""".Fill(("NAME", name), ("SCHEDULE", schedule), ("JOB", jobSpec.Fill()));

    [Fact]
    public void A_cron_job_gets_batch_defaults()
    {
        var cronJob = Admit.Create("cronjobs.batch", CronJob());
        var spec = cronJob["spec"]!;

        Assert.Equal("Allow", spec["concurrencyPolicy"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal(3, spec["successfulJobsHistoryLimit"]!.GetValue<long>());
        Assert.Equal(1, spec["failedJobsHistoryLimit"]!.GetValue<long>());
        Assert.Equal("""{"creationTimestamp":null}""", spec["jobTemplate"]!["metadata"]!.ToJsonString());
        Assert.Equal("ClusterFirst", spec["jobTemplate"]!["spec"]!["template"]!["spec"]!["dnsPolicy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("@hourly")]
    [InlineData("@every 1h30m")]
    [InlineData("0 0 * * MON-FRI")]
    [InlineData("*/15 9-17 1,15 jan-jun ?")]
    public void Standard_schedules_are_accepted(string schedule)
    {
        Admit.Create("cronjobs.batch", CronJob(schedule));
    }

    [Theory]
    [InlineData("every minute", "spec.schedule: Invalid value: \"every minute\": expected exactly 5 fields, found 2: [every minute]")]
    [InlineData("60 * * * *", "spec.schedule: Invalid value: \"60 * * * *\": end of range (60) above maximum (59): 60")]
    [InlineData("* * 0 * *", "spec.schedule: Invalid value: \"* * 0 * *\": beginning of range (0) below minimum (1): 0")]
    [InlineData("x * * * *", "spec.schedule: Invalid value: \"x * * * *\": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("@fortnightly", "spec.schedule: Invalid value: \"@fortnightly\": unrecognized descriptor: @fortnightly")]
    [InlineData("5-1 * * * *", "spec.schedule: Invalid value: \"5-1 * * * *\": beginning of range (5) beyond end of range (1): 5-1")]
    public void Bad_schedules_are_refused_with_robfig_cron_messages(string schedule, string error)
    {
        Assert.Equal([error], Admit.CreateErrors("cronjobs.batch", CronJob(schedule)));
    }

    [Fact]
    public void A_schedule_is_required_and_names_leave_room_for_the_job_suffix()
    {
        Assert.Equal(["spec.schedule: Required value"], Admit.CreateErrors("cronjobs.batch", CronJob("")));
        var name = new string('a', 53);
        Assert.Equal([$"metadata.name: Invalid value: \"{name}\": must be no more than 52 characters"], Admit.CreateErrors("cronjobs.batch", CronJob(name: name)));
    }

    [Fact]
    public void The_job_template_follows_job_rules_without_its_own_selector()
    {
        var errors = Admit.CreateErrors("cronjobs.batch", CronJob(jobSpec: """{"selector":{"matchLabels":{"a":"b"}},"template":{"spec":{"containers":[CONTAINER]}}}"""));

        Assert.Equal(
            [
                "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
                "spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"a\":\"b\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated",
            ],
            errors);
    }

    [Fact]
    public void A_time_zone_belongs_in_its_field()
    {
        Assert.Equal(
            ["spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"],
            Admit.CreateErrors("cronjobs.batch", CronJob("TZ=UTC 0 * * * *")));
    }
}
