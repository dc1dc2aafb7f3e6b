using Berth.Engine.Resources.Selectors;

namespace Berth.Engine.Tests.Resources;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "frontend" };
    private static readonly Dictionary<string, string> Db = new() { ["app"] = "db" };

    [Theory]
    [InlineData("app=web", true, false)]
    [InlineData("app==web", true, false)]
    [InlineData("app!=web", false, true)]
    [InlineData("app in (web,cache)", true, false)]
    [InlineData("app notin (web)", false, true)]
    [InlineData("tier", true, false)]
    [InlineData("!tier", false, true)]
    [InlineData("app=web,tier=frontend", true, false)]
    [InlineData("tier!=backend", true, true)] // != also matches objects without the label
    [InlineData("", true, true)]
    public void Requirements_select_as_in_Kubernetes(string selector, bool web, bool db)
    {
        var parsed = LabelSelector.Parse(selector);
        Assert.Equal(web, parsed.Matches(Web));
        Assert.Equal(db, parsed.Matches(Db));
    }

    [Theory]
    [InlineData("app=we b")]
    [InlineData("-app=web")]
    [InlineData("app=web,")]
    public void Malformed_selectors_are_refused(string selector)
    {
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
    }
}
