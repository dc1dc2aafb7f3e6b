using System.Text.Json.Nodes;
using Berth.Engine.Resources.Printing;

namespace Berth.Engine.Tests.Resources.Printing;

public sealed class SelectorTextTests
{
    [Fact]
    public void Requirements_are_sorted_by_key_and_values_within_each()
    {
        var selector = JsonNode.Parse("""
            {"matchLabels":{"tier":"front","app":"web"},
             "matchExpressions":[{"key":"env","operator":"NotIn","values":["qa","dev"]},{"key":"canary","operator":"Exists"}]}
            """);

        Assert.Equal("app=web,canary,env notin (dev,qa),tier=front", SelectorText.Selector(selector));
    }

    [Fact]
    public void An_empty_or_missing_selector_is_none_and_an_unknown_operator_an_error()
    {
        Assert.Equal("<none>", SelectorText.Selector(null));
        Assert.Equal("<none>", SelectorText.Selector(new JsonObject()));
        Assert.Equal("<error>", SelectorText.Selector(JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Near"}]}""")));
    }

    [Fact]
    public void A_label_map_is_sorted_or_none()
    {
        Assert.Equal("a=1,b=2", SelectorText.Labels(new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        Assert.Equal("<none>", SelectorText.Labels(new Dictionary<string, string>()));
    }
}
