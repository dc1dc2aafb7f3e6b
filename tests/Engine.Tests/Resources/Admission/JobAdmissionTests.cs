using System.Text.Json.Nodes;

namespace Berth.Engine.Tests.Resources.Admission;

public sealed class JobAdmissionTests
{
    private static string Job(string spec = """{"template":TEMPLATE}""", string? template = null) =>
        """{"metadata":{"name":"once"},"spec":SPEC}""".Fill(("SPEC", spec), ("TEMPLATE", template ?? """{"spec":{"restartPolicy":"Never","containers":[CONTAINER]}}"""));

    [Fact]
    public void A_job_gets_batch_defaults_and_a_selector_made_from_its_uid()
    {
        var job = Admit.Create("jobs.batch", Job());
        var uid = job["metadata"]!["uid"]!.GetValue<string>();
        var spec = job["spec"]!;

        Assert.Equal(1, spec["parallelism"]!.GetValue<long>());
        Assert.Equal(1, spec["completions"]!.GetValue<long>());
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<long>());
        Assert.Equal("NonIndexed", spec["completionMode"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal("TerminatingOrFailed", spec["podReplacementPolicy"]!.GetValue<string>());
        Assert.Null(spec["manualSelector"]);
        Assert.Equal("""{"matchLabels":{"batch.kubernetes.io/controller-uid":"UID"}}""".Fill(("UID", uid)), spec["selector"]!.ToJsonString());
        var expectedLabels = """{"job-name":"once","batch.kubernetes.io/job-name":"once","controller-uid":"UID","batch.kubernetes.io/controller-uid":"UID"}""".Fill(("UID", uid));
        Assert.Equal(expectedLabels, spec["template"]!["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal(expectedLabels, job["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void A_job_with_its_own_labels_keeps_them()
    {
        var job = Admit.Create("jobs.batch", """{"metadata":{"name":"once","labels":{"team":"a"}},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[CONTAINER]}}}}""".Fill());

        Assert.Equal("""{"team":"a"}""", job["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void A_job_template_must_stop_its_pods()
    {
        Assert.Equal(
            ["spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\""],
            Admit.CreateErrors("jobs.batch", Job(template: """{"spec":{"containers":[CONTAINER]}}""")));
    }

    [Fact]
    public void Counts_may_not_be_negative()
    {
        Assert.Equal(
            ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0", "spec.backoffLimit: Invalid value: -2: must be greater than or equal to 0"],
            Admit.CreateErrors("jobs.batch", Job("""{"parallelism":-1,"backoffLimit":-2,"template":TEMPLATE}""")));
    }

    [Fact]
    public void A_manual_selector_must_select_the_template()
    {
        Admit.Create("jobs.batch", Job("""{"manualSelector":true,"selector":{"matchLabels":{"app":"once"}},"template":TEMPLATE}""",
            """{"metadata":{"labels":{"app":"once"}},"spec":{"restartPolicy":"Never","containers":[CONTAINER]}}"""));
        Assert.Equal(
            ["spec.selector: Required value", "spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`"],
            Admit.CreateErrors("jobs.batch", Job("""{"manualSelector":true,"template":TEMPLATE}""")));
    }

    [Fact]
    public void Selector_and_template_are_immutable()
    {
        var job = Admit.Create("jobs.batch", Job());

        var selector = Admit.UpdateErrors("jobs.batch", job, j => j["spec"]!["selector"]!["matchLabels"]!["x"] = "y");
        Assert.Contains(selector, e => e.StartsWith("spec.selector: Invalid value: v1.LabelSelector{", StringComparison.Ordinal) && e.EndsWith(": field is immutable", StringComparison.Ordinal));
        var template = Admit.UpdateErrors("jobs.batch", job, j => j["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:1.37");
        Assert.Single(template);
        Assert.StartsWith("spec.template: Invalid value: {", template[0]);
        Assert.EndsWith(": field is immutable", template[0]);

        var suspended = Admit.Update("jobs.batch", job, j => j["spec"]!["suspend"] = true);
        Assert.True(suspended["spec"]!["suspend"]!.GetValue<bool>());
    }

    [Fact]
    public void A_suspended_job_that_never_ran_may_change_where_its_pods_go()
    {
        var job = Admit.Create("jobs.batch", Job("""{"suspend":true,"template":TEMPLATE}"""));

        var moved = Admit.Update("jobs.batch", job, j => j["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["disk"] = "ssd" });

        Assert.Equal("ssd", moved["spec"]!["template"]!["spec"]!["nodeSelector"]!["disk"]!.GetValue<string>());
    }
}
