namespace Berth.Engine.Tests.Resources.Printing;

public sealed class WorkloadPrinterTests
{
    // Objects below are created 4h10m before the printers' now; %TEMPLATE% is this pod template.
    private const string Template = """
        "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox:1.36"},{"name":"log","image":"fluent:2"}]}}
        """;

    private static string[] Row(string group, string plural, string json) => Printed.Row(group, plural, Printed.Fill(json, ("TEMPLATE", Template)));

    [Fact]
    public void A_deployment_shows_ready_of_desired_then_updated_and_available()
    {
        var row = Row("apps", "deployments", """
            {"metadata":{"name":"web","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","tier":"front"}},%TEMPLATE%},
             "status":{"replicas":3,"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);

        Assert.Equal("NAME READY UP-TO-DATE AVAILABLE AGE", Printed.Headers("apps", "deployments"));
        Assert.Equal("NAME READY UP-TO-DATE AVAILABLE AGE CONTAINERS IMAGES SELECTOR", Printed.Headers("apps", "deployments", wide: true));
        Assert.Equal(["web", "2/3", "3", "2", "4h10m", "web,log", "busybox:1.36,fluent:2", "app=web,tier=front"], row);
    }

    [Fact]
    public void A_new_deployment_has_nothing_ready_and_its_selector_expressions_print_sorted()
    {
        var row = Row("apps", "deployments", """
            {"metadata":{"name":"web","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"tier":"front"},"matchExpressions":[
               {"key":"env","operator":"In","values":["prod","dev"]},{"key":"legacy","operator":"DoesNotExist"}]},%TEMPLATE%},
             "status":{}}
            """);

        Assert.Equal(["0/2", "0", "0"], row[1..4]);
        Assert.Equal("env in (dev,prod),!legacy,tier=front", row[7]);
    }

    [Fact]
    public void A_replica_set_shows_desired_current_and_ready_as_integers()
    {
        var row = Row("apps", "replicasets", """
            {"metadata":{"name":"web-5d8f","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},%TEMPLATE%},
             "status":{"replicas":2,"readyReplicas":1}}
            """);

        Assert.Equal("NAME DESIRED CURRENT READY AGE", Printed.Headers("apps", "replicasets"));
        Assert.Equal(["web-5d8f", "2", "2", "1", "4h10m", "web,log", "busybox:1.36,fluent:2", "app=web"], row);
    }

    [Fact]
    public void A_daemon_set_shows_its_node_selector_and_counts()
    {
        var row = Row("apps", "daemonsets", """
            {"metadata":{"name":"agent","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},
               "template":{"spec":{"nodeSelector":{"disk":"ssd","arch":"amd64"},"containers":[{"name":"a","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """);

        Assert.Equal("NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE", Printed.Headers("apps", "daemonsets"));
        Assert.Equal(["agent", "3", "3", "2", "3", "2", "arch=amd64,disk=ssd", "4h10m", "a", "agent:1", "app=agent"], row);
    }

    [Fact]
    public void A_stateful_set_shows_ready_of_desired()
    {
        var row = Row("apps", "statefulsets", """
            {"metadata":{"name":"db","creationTimestamp":"2025-03-01T07:50:00Z"},"spec":{"replicas":3,%TEMPLATE%},"status":{"readyReplicas":1}}
            """);

        Assert.Equal("NAME READY AGE CONTAINERS IMAGES", Printed.Headers("apps", "statefulsets", wide: true));
        Assert.Equal(["db", "1/3", "4h10m", "web,log", "busybox:1.36,fluent:2"], row);
    }

    [Fact]
    public void A_running_job_shows_its_completions_and_how_long_it_has_run()
    {
        var row = Row("batch", "jobs", """
            {"metadata":{"name":"migrate","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"completions":3,"parallelism":2,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"abc"}},%TEMPLATE%},
             "status":{"startTime":"2025-03-01T11:55:30Z","active":2,"succeeded":1}}
            """);

        Assert.Equal("NAME STATUS COMPLETIONS DURATION AGE", Printed.Headers("batch", "jobs"));
        Assert.Equal(["migrate", "Running", "1/3", "4m30s", "4h10m", "web,log", "busybox:1.36,fluent:2", "batch.kubernetes.io/controller-uid=abc"], row);
    }

    [Fact]
    public void A_job_status_follows_its_conditions()
    {
        string Status(string conditions, string metadata = "") => Row("batch", "jobs", Printed.Fill("""
            {"metadata":{"name":"j","creationTimestamp":"2025-03-01T07:50:00Z"%METADATA%},"spec":{%TEMPLATE%},
             "status":{"startTime":"2025-03-01T11:00:00Z","completionTime":"2025-03-01T11:00:42Z","succeeded":1,"conditions":[%CONDITIONS%]}}
            """, ("METADATA", metadata), ("CONDITIONS", conditions)))[1];

        Assert.Equal("Complete", Status("""{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}"""));
        Assert.Equal("Failed", Status("""{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}"""));
        Assert.Equal("FailureTarget", Status("""{"type":"FailureTarget","status":"True"}"""));
        Assert.Equal("SuccessCriteriaMet", Status("""{"type":"SuccessCriteriaMet","status":"True"}"""));
        Assert.Equal("Suspended", Status("""{"type":"Suspended","status":"True"}"""));
        Assert.Equal("Running", Status("""{"type":"Suspended","status":"False"}"""));
        Assert.Equal("Terminating", Status("", ""","deletionTimestamp":"2025-03-01T11:59:00Z" """));
    }

    [Fact]
    public void A_finished_job_lasted_from_start_to_completion_and_parallel_work_says_how_wide()
    {
        var row = Row("batch", "jobs", """
            {"metadata":{"name":"j","creationTimestamp":"2025-03-01T07:50:00Z"},"spec":{"parallelism":4,%TEMPLATE%},
             "status":{"startTime":"2025-03-01T11:00:00Z","completionTime":"2025-03-01T11:00:42Z","succeeded":1}}
            """);

        Assert.Equal(["1/1 of 4", "42s"], row[2..4]);
        Assert.Equal(["0/1", ""], Row("batch", "jobs", """{"metadata":{"name":"j"},"spec":{%TEMPLATE%}}""")[2..4]);
    }

    [Fact]
    public void A_cron_job_shows_schedule_timezone_suspension_and_last_run()
    {
        var row = Row("batch", "cronjobs", """
            {"metadata":{"name":"report","creationTimestamp":"2025-03-01T07:50:00Z"},
             "spec":{"schedule":"0 3 * * *","timeZone":"Europe/Paris","suspend":false,"jobTemplate":{"spec":{%TEMPLATE%}}},
             "status":{"active":[{"name":"report-1"}],"lastScheduleTime":"2025-03-01T11:00:00Z"}}
            """);

        Assert.Equal("NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE", Printed.Headers("batch", "cronjobs"));
        Assert.Equal(["report", "0 3 * * *", "Europe/Paris", "False", "1", "60m", "4h10m", "web,log", "busybox:1.36,fluent:2", "<none>"], row);
        Assert.Equal(["<none>", "<unset>", "0", "<none>"],
            Row("batch", "cronjobs", """{"metadata":{"name":"r"},"spec":{"schedule":"@hourly","jobTemplate":{"spec":{%TEMPLATE%}}}}""")[2..6]);
    }
}
