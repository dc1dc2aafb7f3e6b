using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>A created pod reads back with what Kubernetes 1.32 fills in.</summary>
public sealed class PodDefaultsTests
{
    [Fact]
    public void A_minimal_pod_gets_the_spec_defaults_kubectl_shows()
    {
        var pod = Admit.Create("pods", Admit.Pod());
        var spec = pod["spec"]!;

        Assert.Equal("Always", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal("ClusterFirst", spec["dnsPolicy"]!.GetValue<string>());
        Assert.Equal(30, spec["terminationGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal("default-scheduler", spec["schedulerName"]!.GetValue<string>());
        Assert.Equal("{}", spec["securityContext"]!.ToJsonString());
        Assert.True(spec["enableServiceLinks"]!.GetValue<bool>());
        Assert.Equal("default", spec["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("default", spec["serviceAccount"]!.GetValue<string>());
        Assert.Equal(0, spec["priority"]!.GetValue<long>());
        Assert.Equal("PreemptLowerPriority", spec["preemptionPolicy"]!.GetValue<string>());
        Assert.Equal(
            """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
            spec["tolerations"]!.ToJsonString());
    }

    [Fact]
    public void Containers_get_pull_policy_termination_message_and_empty_resources()
    {
        var pod = Admit.Create("pods", Admit.Pod("""
            {"containers":[{"name":"a","image":"busybox"},{"name":"b","image":"busybox:latest"},{"name":"c","image":"busybox:1.36"},
                           {"name":"d","image":"registry:5000/busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
                           {"name":"e","image":"busybox","imagePullPolicy":"Never"}]}
            """));
        var containers = pod["spec"]!["containers"]!.AsArray();

        Assert.Equal(["Always", "Always", "IfNotPresent", "IfNotPresent", "Never"], containers.Select(c => c!["imagePullPolicy"]!.GetValue<string>()));
        Assert.All(containers, c =>
        {
            Assert.Equal("/dev/termination-log", c!["terminationMessagePath"]!.GetValue<string>());
            Assert.Equal("File", c["terminationMessagePolicy"]!.GetValue<string>());
            Assert.Equal("{}", c["resources"]!.ToJsonString());
        });
    }

    [Fact]
    public void Ports_probes_field_references_and_volumes_get_their_defaults()
    {
        var pod = Admit.Create("pods", Admit.Pod("""
            {"containers":[{"name":"web","image":"busybox:1.36",
               "ports":[{"containerPort":80}],
               "livenessProbe":{"httpGet":{"port":80}},
               "readinessProbe":{"tcpSocket":{"port":80},"periodSeconds":5},
               "env":[{"name":"NODE","valueFrom":{"fieldRef":{"fieldPath":"spec.nodeName"}}}]}],
             "volumes":[{"name":"scratch"},{"name":"config","configMap":{"name":"settings"}},{"name":"creds","secret":{"secretName":"login"}}]}
            """));
        var container = pod["spec"]!["containers"]![0]!;

        Assert.Equal("TCP", container["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("""{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}""",
            container["livenessProbe"]!.ToJsonString());
        Assert.Equal(5, container["readinessProbe"]!["periodSeconds"]!.GetValue<long>());
        Assert.Equal("v1", container["env"]![0]!["valueFrom"]!["fieldRef"]!["apiVersion"]!.GetValue<string>());
        var volumes = pod["spec"]!["volumes"]!;
        Assert.Equal("""{"name":"scratch","emptyDir":{}}""", volumes[0]!.ToJsonString());
        Assert.Equal(420, volumes[1]!["configMap"]!["defaultMode"]!.GetValue<long>());
        Assert.Equal(420, volumes[2]!["secret"]!["defaultMode"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("""{}""", "BestEffort")]
    [InlineData("""{"requests":{"cpu":"100m"}}""", "Burstable")]
    [InlineData("""{"limits":{"cpu":"500m","memory":"64Mi"}}""", "Guaranteed")]
    [InlineData("""{"limits":{"cpu":"1","memory":"64Mi"},"requests":{"cpu":"1000m","memory":"65536Ki"}}""", "Guaranteed")]
    [InlineData("""{"limits":{"cpu":"1","memory":"64Mi"},"requests":{"cpu":"500m"}}""", "Burstable")]
    public void A_new_pod_is_Pending_with_its_QoS_class(string resources, string qosClass)
    {
        var pod = Admit.Create("pods", Admit.Pod("""{"containers":[{"name":"web","image":"busybox","resources":RESOURCES}]}""".Fill(("RESOURCES", resources))));

        Assert.Equal("""{"phase":"Pending","qosClass":"QOS"}""".Fill(("QOS", qosClass)), pod["status"]!.ToJsonString());
    }

    [Fact]
    public void A_pod_with_only_limits_requests_as_much()
    {
        var pod = Admit.Create("pods", Admit.Pod("""{"containers":[{"name":"web","image":"busybox","resources":{"limits":{"cpu":"1"}}}]}"""));

        Assert.Equal("""{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
    }

    [Fact]
    public void Tolerations_the_pod_already_has_are_not_added_twice()
    {
        var pod = Admit.Create("pods", Admit.Pod("""{"containers":[CONTAINER],"tolerations":[{"operator":"Exists"}]}"""));

        Assert.Single(pod["spec"]!["tolerations"]!.AsArray());
    }

    [Fact]
    public void A_priority_that_differs_from_the_class_is_forbidden()
    {
        var refusal = Assert.Throws<Berth.Engine.Resources.Objects.ResourceException>(() =>
            Admit.Create("pods", Admit.Pod("""{"containers":[CONTAINER],"priority":5}""")));

        Assert.Equal(403, refusal.Code);
        Assert.Equal("pods \"web\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name", refusal.Message);
    }

    [Fact]
    public void Workload_templates_get_pod_spec_defaults_but_not_pod_only_ones()
    {
        var deployment = Admit.Create("deployments.apps", """
            {"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}}
            """.Fill(("TEMPLATE", Admit.Template())));
        var template = deployment["spec"]!["template"]!.AsObject();

        Assert.Equal("""{"labels":{"app":"web"},"creationTimestamp":null}""", template["metadata"]!.ToJsonString());
        var spec = template["spec"]!.AsObject();
        Assert.Equal("Always", spec["restartPolicy"]!.GetValue<string>());
        Assert.Equal("IfNotPresent", spec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.False(spec.ContainsKey("enableServiceLinks"));
        Assert.False(spec.ContainsKey("serviceAccountName"));
        Assert.False(spec.ContainsKey("tolerations"));
    }
}
