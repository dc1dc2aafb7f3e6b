using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Selectors;

namespace Berth.Engine.Tests.Resources;

public sealed class FieldSelectorTests
{
    private static readonly ResourceType Pods = BuiltInResources.Types.Single(t => t.Plural == "pods");
    private static readonly ResourceType ConfigMaps = BuiltInResources.Types.Single(t => t.Plural == "configmaps");

    private static JsonObject Pod(string name, string ns, string? node = null, string? phase = null, bool? hostNetwork = null)
    {
        var spec = new JsonObject();
        if (node is not null) spec["nodeName"] = node;
        if (hostNetwork is not null) spec["hostNetwork"] = hostNetwork;
        var status = phase is null ? new JsonObject() : new JsonObject { ["phase"] = phase };
        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns }, ["spec"] = spec, ["status"] = status };
    }

    [Fact]
    public void Name_and_namespace_select_with_equals_and_not_equals()
    {
        var selector = FieldSelector.Parse("metadata.name=web,metadata.namespace!=kube-system", ConfigMaps);
        Assert.True(selector.Matches(Pod("web", "demo")));
        Assert.False(selector.Matches(Pod("web", "kube-system")));
        Assert.False(selector.Matches(Pod("db", "demo")));
    }

    [Fact]
    public void Pods_select_by_node_and_phase_and_a_missing_field_reads_as_its_zero_value()
    {
        var onNode = FieldSelector.Parse("spec.nodeName=n1,status.phase!=Succeeded", Pods);
        Assert.True(onNode.Matches(Pod("a", "d", node: "n1", phase: "Running")));
        Assert.False(onNode.Matches(Pod("a", "d", node: "n1", phase: "Succeeded")));
        Assert.False(onNode.Matches(Pod("a", "d", node: "n2")));

        var unscheduled = FieldSelector.Parse("spec.nodeName=", Pods);
        Assert.True(unscheduled.Matches(Pod("a", "d")));
        Assert.False(unscheduled.Matches(Pod("a", "d", node: "n1")));

        Assert.True(FieldSelector.Parse("spec.hostNetwork=false", Pods).Matches(Pod("a", "d")));
        Assert.True(FieldSelector.Parse("spec.hostNetwork=true", Pods).Matches(Pod("a", "d", hostNetwork: true)));
    }

    [Theory]
    [InlineData("spec.color=blue", "spec.color")]
    [InlineData("spec.nodeName=n1", "spec.nodeName")] // a pod field, not a config map's
    public void An_unsupported_field_is_refused_with_the_Kubernetes_message(string text, string field)
    {
        var error = Assert.Throws<FormatException>(() => FieldSelector.Parse(text, ConfigMaps));
        Assert.Equal($"field label not supported: {field}", error.Message);
    }
}
