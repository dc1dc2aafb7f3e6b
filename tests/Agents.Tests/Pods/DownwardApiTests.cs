using Berth.Agents.Pods;

namespace Berth.Agents.Tests.Pods;

/// <summary>Downward API values as kubelet writes them into files.</summary>
public sealed class DownwardApiTests
{
    [Fact]
    public void Labels_and_annotations_are_sorted_lines_quoted_as_go_quotes()
    {
        var map = new Dictionary<string, string> { ["b"] = "tab\there", ["a"] = "quote\" back\\slash", ["c"] = "bell\a del\u007f é" };

        Assert.Equal("a=\"quote\\\" back\\\\slash\"\nb=\"tab\\there\"\nc=\"bell\\a del\\x7f é\"", DownwardApi.FormatMap(map));
        Assert.Equal("", DownwardApi.FormatMap(null));
    }

    [Fact]
    public void Resources_are_divided_and_rounded_up_with_the_nodes_capacity_for_a_missing_limit()
    {
        var container = new ContainerManifest("main", "image", Resources: new ResourceRequirements(
            Limits: new Dictionary<string, string> { ["cpu"] = "250m", ["memory"] = "100Mi" },
            Requests: new Dictionary<string, string> { ["memory"] = "1500k" }));
        var node = new Dictionary<string, string> { ["cpu"] = "4", ["memory"] = "8Gi" };

        Assert.Equal("1", DownwardApi.Resource(container, "limits.cpu", null, node));
        Assert.Equal("250", DownwardApi.Resource(container, "limits.cpu", "1m", node));
        Assert.Equal("100", DownwardApi.Resource(container, "limits.memory", "1Mi", node));
        Assert.Equal("2", DownwardApi.Resource(container, "requests.memory", "1M", node));
        Assert.Equal("0", DownwardApi.Resource(container, "requests.cpu", null, node));
        Assert.Equal("8", DownwardApi.Resource(null, "limits.memory", "1Gi", node));
    }
}
