namespace Berth.Engine.Tests.Resources.Printing;

public sealed class ClusterPrinterTests
{
    // Objects below are created 42 seconds before the printers' now.
    [Fact]
    public void A_namespace_shows_its_phase()
    {
        Assert.Equal("NAME STATUS AGE", Printed.Headers("", "namespaces"));
        Assert.Equal(["demo", "Active", "42s"], Printed.Row("", "namespaces",
            """{"metadata":{"name":"demo","creationTimestamp":"2025-03-01T11:59:18Z"},"status":{"phase":"Active"}}"""));
    }

    [Fact]
    public void A_node_shows_readiness_roles_version_and_with_wide_its_addresses_and_system()
    {
        var row = Printed.Row("", "nodes", """
            {"metadata":{"name":"node-1","creationTimestamp":"2025-03-01T11:59:18Z",
               "labels":{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/edge":"","kubernetes.io/hostname":"node-1"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"127.0.0.2"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0-berth","osImage":"Debian GNU/Linux 12","kernelVersion":"6.1.0","containerRuntimeVersion":"docker://24.0.7"}}}
            """);

        Assert.Equal("NAME STATUS ROLES AGE VERSION", Printed.Headers("", "nodes"));
        Assert.Equal("NAME STATUS ROLES AGE VERSION INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME", Printed.Headers("", "nodes", wide: true));
        Assert.Equal(["node-1", "Ready,SchedulingDisabled", "edge,worker", "42s", "v1.32.0-berth", "127.0.0.2", "<none>", "Debian GNU/Linux 12", "6.1.0", "docker://24.0.7"], row);
    }

    [Fact]
    public void A_node_that_never_reported_is_unknown_and_one_that_stopped_being_ready_is_not_ready()
    {
        Assert.Equal(["Unknown", "<none>", "42s", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"],
            Printed.Row("", "nodes", """{"metadata":{"name":"n","creationTimestamp":"2025-03-01T11:59:18Z"}}""")[1..]);
        Assert.Equal(["NotReady", "master"], Printed.Row("", "nodes",
            """{"metadata":{"name":"n","labels":{"kubernetes.io/role":"master"}},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""")[1..3]);
    }

    [Fact]
    public void An_event_shows_when_what_and_about_which_object()
    {
        var row = Printed.Row("", "events", """
            {"metadata":{"name":"web-1.17f2a","creationTimestamp":"2025-03-01T11:30:00Z"},
             "involvedObject":{"kind":"Pod","name":"web-1","namespace":"demo","fieldPath":"spec.containers{web}"},
             "reason":"BackOff","type":"Warning","message":"Back-off restarting failed container\n","count":7,
             "source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"2025-03-01T11:30:00Z","lastTimestamp":"2025-03-01T11:59:00Z"}
            """);

        Assert.Equal("LAST SEEN TYPE REASON OBJECT MESSAGE", Printed.Headers("", "events"));
        Assert.Equal("LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME", Printed.Headers("", "events", wide: true));
        Assert.Equal(["60s", "Warning", "BackOff", "pod/web-1", "spec.containers{web}", "kubelet, node-1", "Back-off restarting failed container", "30m", "7", "web-1.17f2a"], row);
    }

    [Fact]
    public void An_event_of_the_newer_api_reads_its_event_time_series_and_reporting_controller()
    {
        var single = Printed.Row("", "events", """
            {"metadata":{"name":"e"},"involvedObject":{"kind":"Node"},"reason":"Starting","type":"Normal",
             "eventTime":"2025-03-01T11:57:59.654321Z","reportingComponent":"berth-agent","reportingInstance":"node-1"}
            """);
        Assert.Equal(["2m", "Normal", "Starting", "node", "", "berth-agent, node-1", "", "2m", "1", "e"], single);

        var series = Printed.Row("", "events", """
            {"metadata":{"name":"e"},"involvedObject":{"kind":"Pod","name":"p"},
             "eventTime":"2025-03-01T11:50:00.000000Z","series":{"count":12,"lastObservedTime":"2025-03-01T11:59:30.000000Z"}}
            """);
        Assert.Equal(["30s", "10m", "12"], [series[0], series[7], series[8]]);
    }

    [Fact]
    public void A_lease_shows_its_holder()
    {
        Assert.Equal("NAME HOLDER AGE", Printed.Headers("coordination.k8s.io", "leases"));
        Assert.Equal(["berth-leader", "server-a", "42s"], Printed.Row("coordination.k8s.io", "leases",
            """{"metadata":{"name":"berth-leader","creationTimestamp":"2025-03-01T11:59:18Z"},"spec":{"holderIdentity":"server-a","leaseDurationSeconds":15}}"""));
    }
}
