using Berth.Engine.Resources;
using Berth.Engine.Resources.Validation;

namespace Berth.Engine.Tests.Resources;

public sealed class ObjectNamesTests
{
    [Theory]
    [InlineData("web", true)]
    [InlineData("web-1.example", true)]
    [InlineData("Web", false)]
    [InlineData("web_1", false)]
    [InlineData("-web", false)]
    [InlineData("web.", false)]
    public void Subdomain_names_follow_RFC_1123(string name, bool valid)
    {
        Assert.Equal(valid, ObjectNames.SubdomainErrors(name).Count == 0);
    }

    [Fact]
    public void Namespaces_must_be_labels_so_a_dot_is_refused()
    {
        Assert.NotEmpty(ObjectNames.Errors(BuiltInResources.Namespaces, "a.b"));
        Assert.Empty(ObjectNames.Errors(ResourceRegistry.BuiltIn.Find("", "v1", "configmaps")!, "a.b"));
    }

    [Fact]
    public void Names_longer_than_allowed_say_so()
    {
        Assert.Contains("must be no more than 63 characters", ObjectNames.LabelErrors(new string('a', 64)));
    }
}
