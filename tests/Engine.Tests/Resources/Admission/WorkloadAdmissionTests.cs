using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

/// <summary>ReplicaSets, DaemonSets and StatefulSets: their defaults and the rules they add to a pod template.</summary>
public sealed class WorkloadAdmissionTests
{
    private static string Workload(string spec = """{"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}""") =>
        """{"metadata":{"name":"web"},"spec":SPEC}""".Fill(("SPEC", spec), ("TEMPLATE", Admit.Template()));

    [Fact]
    public void A_replica_set_gets_one_replica_and_keeps_its_selector()
    {
        var replicaSet = Admit.Create("replicasets.apps", Workload());
        Assert.Equal(1, replicaSet["spec"]!["replicas"]!.GetValue<long>());

        var errors = Admit.UpdateErrors("replicasets.apps", replicaSet, r => r["spec"]!["selector"]!["matchLabels"]!["app"] = "api");
        Assert.Contains("spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", errors);
    }

    [Fact]
    public void A_daemon_set_rolls_one_pod_at_a_time_and_records_its_template_generation()
    {
        var daemonSet = Admit.Create("daemonsets.apps", Workload());

        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}""", daemonSet["spec"]!["updateStrategy"]!.ToJsonString());
        Assert.Equal(10, daemonSet["spec"]!["revisionHistoryLimit"]!.GetValue<long>());
        Assert.Equal("1", daemonSet["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>());

        var relabelled = Admit.Update("daemonsets.apps", daemonSet, d => d["metadata"]!["labels"] = new JsonObject { ["a"] = "b" });
        Assert.Equal("1", relabelled["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>());
        var changed = Admit.Update("daemonsets.apps", daemonSet, d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37");
        Assert.Equal("2", changed["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]!.GetValue<string>());
    }

    [Fact]
    public void A_daemon_set_may_not_both_surge_and_be_unavailable()
    {
        var errors = Admit.CreateErrors("daemonsets.apps", Workload("""
            {"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE,"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":1}}}
            """));

        Assert.Equal(["spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:\"\"}: may not be set when maxUnavailable is non-zero"], errors);
    }

    [Fact]
    public void A_stateful_set_gets_its_defaults_and_claim_templates_read_as_claims()
    {
        var statefulSet = Admit.Create("statefulsets.apps", Workload("""
            {"serviceName":"web","selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE,
             "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}]}
            """));
        var spec = statefulSet["spec"]!;

        Assert.Equal(1, spec["replicas"]!.GetValue<long>());
        Assert.Equal("OrderedReady", spec["podManagementPolicy"]!.GetValue<string>());
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"partition":0}}""", spec["updateStrategy"]!.ToJsonString());
        Assert.Equal("""{"whenDeleted":"Retain","whenScaled":"Retain"}""", spec["persistentVolumeClaimRetentionPolicy"]!.ToJsonString());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<long>());
        var claim = spec["volumeClaimTemplates"]![0]!;
        Assert.Equal("PersistentVolumeClaim", claim["kind"]!.GetValue<string>());
        Assert.Equal("Filesystem", claim["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("Pending", claim["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public void A_stateful_set_may_change_its_template_and_replicas_but_not_its_service()
    {
        var statefulSet = Admit.Create("statefulsets.apps", Workload("""{"serviceName":"web","selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}"""));

        Admit.Update("statefulsets.apps", statefulSet, s =>
        {
            s["spec"]!["replicas"] = 3;
            s["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37";
        });
        Assert.Equal(
            ["spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"],
            Admit.UpdateErrors("statefulsets.apps", statefulSet, s => s["spec"]!["serviceName"] = "other"));
    }

    [Fact]
    public void Controllers_of_long_running_pods_refuse_other_restart_policies()
    {
        foreach (var kind in new[] { "replicasets.apps", "daemonsets.apps", "statefulsets.apps" })
        {
            var errors = Admit.CreateErrors(kind, """{"metadata":{"name":"web"},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}}"""
                .Fill(("TEMPLATE", Admit.Template(spec: """{"containers":[CONTAINER],"restartPolicy":"OnFailure"}"""))));

            Assert.Equal(["spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""], errors);
        }
    }
}
