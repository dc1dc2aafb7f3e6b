using System.Text.Json.Nodes;
using Berth.Engine.Resources.Printing;

namespace Berth.Engine.Tests.Resources.Printing;

public sealed class PodPrinterTests
{
    private const string OneContainer = """{"containers":[{"name":"web","image":"busybox"}]}""";
    private const string TwoContainers = """{"containers":[{"name":"web","image":"busybox"},{"name":"side","image":"nginx"}],"nodeName":"node-1"}""";

    // A pod created five minutes before the printers' now.
    private static JsonObject Pod(string spec, string status, string metadata = "") => JsonNode.Parse(Printed.Fill("""
        {"metadata":{"name":"web-1","creationTimestamp":"2025-03-01T11:55:00Z"%METADATA%},"spec":%SPEC%,"status":%STATUS%}
        """, ("METADATA", metadata), ("SPEC", spec), ("STATUS", status)))!.AsObject();

    private static string[] Row(string spec, string status, string metadata = "") =>
        Printed.Cells(Printed.Printer("", "pods").Print(Pod(spec, status, metadata), Printed.Now));

    [Fact]
    public void Columns_are_kubectls_and_wide_adds_ip_node_nominated_node_and_readiness_gates()
    {
        Assert.Equal("NAME READY STATUS RESTARTS AGE", Printed.Headers("", "pods"));
        Assert.Equal("NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES", Printed.Headers("", "pods", wide: true));
    }

    [Fact]
    public void A_new_pod_is_pending_with_nothing_ready_and_nothing_assigned() =>
        Assert.Equal(["web-1", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>", "<none>"], Row(OneContainer, """{"phase":"Pending"}"""));

    [Fact]
    public void A_pod_without_a_phase_yet_reads_as_pending() =>
        Assert.Equal("Pending", Row(OneContainer, "{}")[2]);

    [Fact]
    public void A_running_pod_counts_its_ready_containers_and_shows_its_ip_and_node()
    {
        var row = Row(TwoContainers, """
            {"phase":"Running","podIP":"10.42.0.7","podIPs":[{"ip":"10.42.0.7"}],
             "conditions":[{"type":"Ready","status":"False"}],
             "containerStatuses":[
               {"name":"web","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-03-01T11:56:00Z"}}},
               {"name":"side","ready":false,"restartCount":0,"state":{"running":{"startedAt":"2025-03-01T11:56:00Z"}}}]}
            """);
        Assert.Equal(["web-1", "1/2", "Running", "0", "5m", "10.42.0.7", "node-1", "<none>", "<none>"], row);
    }

    [Fact]
    public void A_crashing_container_names_the_status_and_restarts_say_when_the_last_one_was()
    {
        var row = Row(OneContainer, """
            {"phase":"Running",
             "containerStatuses":[{"name":"web","ready":false,"restartCount":4,
               "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-03-01T11:58:30Z"}}}]}
            """);
        Assert.Equal(["0/1", "CrashLoopBackOff", "4 (90s ago)"], row[1..4]);
    }

    [Fact]
    public void A_terminated_container_without_a_reason_shows_its_exit_code_or_signal()
    {
        Assert.Equal("ExitCode:3", Row(OneContainer, """{"phase":"Failed","containerStatuses":[{"name":"web","state":{"terminated":{"exitCode":3}}}]}""")[2]);
        Assert.Equal("Signal:9", Row(OneContainer, """{"phase":"Failed","containerStatuses":[{"name":"web","state":{"terminated":{"exitCode":137,"signal":9}}}]}""")[2]);
    }

    [Fact]
    public void The_first_container_with_something_to_say_wins()
    {
        var row = Row(TwoContainers, """
            {"phase":"Pending","containerStatuses":[
               {"name":"web","state":{"waiting":{"reason":"ErrImagePull"}}},
               {"name":"side","state":{"waiting":{"reason":"ContainerCreating"}}}]}
            """);
        Assert.Equal("ErrImagePull", row[2]);
    }

    [Fact]
    public void A_finished_pod_is_completed_and_its_row_carries_the_completed_condition()
    {
        var printed = Printed.Printer("", "pods").Print(Pod(OneContainer, """
            {"phase":"Succeeded","containerStatuses":[{"name":"web","state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """), Printed.Now);

        Assert.Equal("Completed", Printed.Cells(printed)[2]);
        Assert.Equal(new RowCompletion("Succeeded", "The pod has completed successfully."), printed.Completed);
    }

    [Fact]
    public void A_completed_container_beside_a_running_one_leaves_the_pod_running_when_ready()
    {
        const string status = """
            {"phase":"Running","conditions":[{"type":"Ready","status":"%READY%"}],"containerStatuses":[
               {"name":"web","ready":true,"state":{"running":{}}},
               {"name":"side","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """;
        Assert.Equal("Running", Row(TwoContainers, Printed.Fill(status, ("READY", "True")))[2]);
        Assert.Equal("NotReady", Row(TwoContainers, Printed.Fill(status, ("READY", "False")))[2]);
    }

    [Fact]
    public void Init_containers_show_progress_then_their_failure()
    {
        const string spec = """{"initContainers":[{"name":"migrate","image":"m"},{"name":"seed","image":"s"}],"containers":[{"name":"web","image":"w"}]}""";
        Assert.Equal("Init:0/2", Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"migrate","state":{"running":{}}},{"name":"seed","state":{"waiting":{"reason":"PodInitializing"}}}]}""")[2]);
        Assert.Equal("Init:1/2", Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"migrate","state":{"terminated":{"exitCode":0}}},{"name":"seed","state":{"running":{}}}]}""")[2]);
        Assert.Equal("Init:CrashLoopBackOff", Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"migrate","restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}""")[2]);
        Assert.Equal("Init:ExitCode:2", Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"migrate","state":{"terminated":{"exitCode":2}}}]}""")[2]);
        Assert.Equal("Init:Error", Row(spec, """{"phase":"Pending","initContainerStatuses":[{"name":"migrate","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}""")[2]);
    }

    [Fact]
    public void A_started_sidecar_counts_as_a_container_and_its_restarts_count()
    {
        const string spec = """{"initContainers":[{"name":"proxy","image":"p","restartPolicy":"Always"}],"containers":[{"name":"web","image":"w"}]}""";
        var row = Row(spec, """
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
             "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-03-01T11:00:00Z"}}}],
             "containerStatuses":[{"name":"web","ready":true,"state":{"running":{}}}]}
            """);
        Assert.Equal(["2/2", "Running", "1 (60m ago)"], row[1..4]);
    }

    [Fact]
    public void A_pod_being_deleted_is_terminating_unless_it_already_finished()
    {
        const string deleting = ""","deletionTimestamp":"2025-03-01T11:59:50Z" """;
        Assert.Equal("Terminating", Row(OneContainer, """{"phase":"Running"}""", deleting)[2]);
        Assert.Equal("Failed", Row(OneContainer, """{"phase":"Failed"}""", deleting)[2]);
        Assert.Equal("Unknown", Row(OneContainer, """{"phase":"Running","reason":"NodeLost"}""", deleting)[2]);
    }

    [Fact]
    public void A_gated_pod_says_so_and_readiness_gates_count_true_conditions()
    {
        const string spec = """{"containers":[{"name":"web","image":"w"}],"readinessGates":[{"conditionType":"lb/ready"},{"conditionType":"db/ready"}]}""";
        var row = Row(spec, """
            {"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"},
              {"type":"lb/ready","status":"True"},{"type":"db/ready","status":"False"}]}
            """);
        Assert.Equal("SchedulingGated", row[2]);
        Assert.Equal("1/2", row[8]);
    }
}
