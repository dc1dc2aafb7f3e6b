using Berth.Engine.Resources.Schemas;

namespace Berth.Engine.Tests.Resources.Schemas;

public sealed class SchemaFileTests
{
    private const string Text = """
        # comments and blank lines are skipped

        package io.example.v1

        type Widget kind=example.io/v1/Widget
          A widget: a thing that is
          described on two lines.
          - spec: WidgetSpec required
              What the widget should be.

        type WidgetSpec open
          The desired state of a widget.
          - parts: []Part required merge=name retainKeys list=map(name,kind)
              The parts,
              merged by name.
          - mode: string enum=Fast|Slow
              How fast.
          - sizes: map[Quantity]
              Sizes by name.

        type Part
          A part.
          - name: string
              Its name.
          - kind: string
              Its kind.

        scalar Quantity
          An amount.
        """;

    [Fact]
    public void Types_fields_attributes_and_descriptions_are_read()
    {
        var types = SchemaFile.Parse(Text, "test");

        var widget = types.Single(t => t.Name == "io.example.v1.Widget");
        Assert.Equal("A widget: a thing that is described on two lines.", widget.Description);
        Assert.Equal(new GroupVersionKind("example.io", "v1", "Widget"), widget.Kind);
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], widget.Fields.Select(f => f.Name));
        Assert.True(widget.Field("spec")!.Required);

        var spec = types.Single(t => t.Name == "io.example.v1.WidgetSpec");
        Assert.True(spec.Open);
        Assert.Null(spec.Kind);
        var parts = spec.Field("parts")!;
        Assert.Equal(new ListType(new NamedType("Part")), parts.Type);
        Assert.Equal("The parts, merged by name.", parts.Description);
        Assert.Equal(("merge,retainKeys", "name", "map"), (parts.PatchStrategy, parts.MergeKey, parts.ListType));
        Assert.Equal(["name", "kind"], parts.ListMapKeys);
        Assert.Equal(["Fast", "Slow"], spec.Field("mode")!.Enum);
        Assert.Equal(new MapType(new NamedType("Quantity")), spec.Field("sizes")!.Type);

        Assert.Equal(NamedScalar.Quantity, types.Single(t => t.ShortName == "Quantity").Scalar);
    }

    [Theory]
    [InlineData("type Orphan\n  A type before any package.", "test:1: a type before any package line")]
    [InlineData("package p\ntype T\n  T.\n  - x: string sometimes\n", "test:4: unknown field attribute 'sometimes'")]
    [InlineData("package p\ntype T\n  T.\n  - nameless\n", "test:4: expected '- NAME: TYPE [attributes]'")]
    [InlineData("package p\nscalar Money\n  Money.\n", "'Money' is not a known scalar")]
    public void Mistakes_name_the_file_and_line(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SchemaFile.Parse(text, "test"));
        Assert.Contains(expected, error.Message);
    }
}
