using Berth.Engine.Resources.Selectors;

namespace Berth.Engine.Tests.Resources;

public sealed class FieldSelectorTests
{
    [Fact]
    public void Name_and_namespace_select_with_equals_and_not_equals()
    {
        var selector = FieldSelector.Parse("metadata.name=web,metadata.namespace!=kube-system");
        Assert.True(selector.Matches("web", "demo"));
        Assert.False(selector.Matches("web", "kube-system"));
        Assert.False(selector.Matches("db", "demo"));
    }

    [Fact]
    public void An_unsupported_field_is_refused_with_the_Kubernetes_message()
    {
        var error = Assert.Throws<FormatException>(() => FieldSelector.Parse("spec.color=blue"));
        Assert.Equal("field label not supported: spec.color", error.Message);
    }
}
