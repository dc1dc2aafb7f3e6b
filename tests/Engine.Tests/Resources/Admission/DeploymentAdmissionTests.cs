using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

public sealed class DeploymentAdmissionTests
{
    private static string Deployment(string spec, string? template = null) =>
        """{"metadata":{"name":"web"},"spec":SPEC}""".Fill(("SPEC", spec), ("TEMPLATE", template ?? Admit.Template()));

    private static readonly string Valid = Deployment("""{"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}""");

    [Fact]
    public void A_deployment_gets_apps_v1_defaults_and_an_empty_status()
    {
        var deployment = Admit.Create("deployments.apps", Valid);
        var spec = deployment["spec"]!;

        Assert.Equal(1, spec["replicas"]!.GetValue<long>());
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]!.ToJsonString());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<long>());
        Assert.Equal(600, spec["progressDeadlineSeconds"]!.GetValue<long>());
        Assert.Equal("{}", deployment["status"]!.ToJsonString());
        Assert.Equal(1, deployment["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void The_container_image_is_required_in_the_template()
    {
        var refusal = Admit.CreateFails("deployments.apps", Deployment("""{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web"}]}}}"""));

        Assert.Equal("Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required value", refusal.Message);
        Assert.Equal("Deployment", refusal.Kind);
        Assert.Equal("apps", refusal.Group);
    }

    [Fact]
    public void A_selector_is_required_and_must_select_the_template()
    {
        Assert.Equal(
            ["spec.selector: Required value", "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"],
            Admit.CreateErrors("deployments.apps", Deployment("""{"template":TEMPLATE}""")));
        Assert.Equal(
            ["spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`"],
            Admit.CreateErrors("deployments.apps", Deployment("""{"selector":{"matchLabels":{"app":"db"}},"template":TEMPLATE}""")));
        Assert.Equal(
            ["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment"],
            Admit.CreateErrors("deployments.apps", Deployment("""{"selector":{},"template":TEMPLATE}""")));
    }

    [Fact]
    public void Match_expressions_select_too()
    {
        Admit.Create("deployments.apps", Deployment("""{"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]},"template":TEMPLATE}"""));
        Assert.Equal(
            ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
             "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:\"app\", Operator:\"In\", Values:[]string(nil)}}}: invalid label selector"],
            Admit.CreateErrors("deployments.apps", Deployment("""{"selector":{"matchExpressions":[{"key":"app","operator":"In"}]},"template":TEMPLATE}""")));
    }

    [Fact]
    public void Replicas_may_not_be_negative_and_pods_must_restart_always()
    {
        var errors = Admit.CreateErrors("deployments.apps", Deployment("""
            {"replicas":-1,"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}
            """, Admit.Template(spec: """{"containers":[CONTAINER],"restartPolicy":"Never"}""")));

        Assert.Equal(
            ["spec.replicas: Invalid value: -1: must be greater than or equal to 0",
             "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\""],
            errors);
    }

    [Fact]
    public void A_rolling_update_may_not_stand_still()
    {
        var errors = Admit.CreateErrors("deployments.apps", Deployment("""
            {"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE,"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":"0%"}}}
            """));

        Assert.Equal(["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when `maxSurge` is 0"], errors);
    }

    [Fact]
    public void The_selector_is_immutable_but_the_template_is_not()
    {
        var deployment = Admit.Create("deployments.apps", Valid);
        var errors = Admit.UpdateErrors("deployments.apps", deployment, d =>
        {
            d["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app":"web","tier":"front"}}""");
            d["spec"]!["template"]!["metadata"]!["labels"]!["tier"] = "front";
        });

        Assert.Equal(["spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\", \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"], errors);

        var updated = Admit.Update("deployments.apps", deployment, d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37");
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void Defaults_filled_in_again_on_update_do_not_count_as_a_spec_change()
    {
        var deployment = Admit.Create("deployments.apps", Valid);
        var updated = Admit.Update("deployments.apps", deployment, d => d["spec"] = JsonNode.Parse("""{"selector":{"matchLabels":{"app":"web"}},"template":TEMPLATE}""".Fill(("TEMPLATE", Admit.Template()))));

        Assert.Equal(1, updated["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(deployment["spec"]!.ToJsonString(), updated["spec"]!.ToJsonString());
    }
}
