using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;

namespace Berth.Engine.Tests.Resources;

public sealed class JsonPatchTests
{
    [Theory]
    // Cases from RFC 6902's appendix A, each on an object document.
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""",
        """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"/":1,"m~n":2}""", """[{"op":"copy","from":"/~1","path":"/m~0n"}]""", """{"/":1,"m~n":1}""")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"add","path":"/n","value":null}]""", """{"baz":"qux","n":null}""")]
    public void Patches_apply_as_RFC_6902_says(string target, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(target)!.AsObject(), JsonNode.Parse(patch));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/baz","value":"bar"}]""")] // a failed test
    [InlineData("""[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""[{"op":"add","path":"/missing/child","value":1}]""")]
    [InlineData("""[{"op":"replace","path":"/list/5","value":1}]""")]
    [InlineData("""[{"op":"move","from":"/list","path":"/list/0"}]""")] // into its own child
    public void An_operation_that_cannot_apply_is_a_422_and_leaves_the_target_as_it_was(string patch)
    {
        var target = JsonNode.Parse("""{"baz":"qux","list":[1]}""")!.AsObject();
        var error = Assert.Throws<ResourceException>(() => JsonPatch.Apply(target, JsonNode.Parse(patch)));
        Assert.Equal(422, error.Code);
        Assert.Equal("""{"baz":"qux","list":[1]}""", target.ToJsonString());
    }

    [Theory]
    [InlineData("""{"op":"add"}""")] // not a list
    [InlineData("""[{"path":"/a","value":1}]""")] // no op
    [InlineData("""[{"op":"add","path":"/a"}]""")] // no value
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""")] // not a pointer
    public void A_malformed_patch_is_a_400(string patch)
    {
        var error = Assert.Throws<ResourceException>(() => JsonPatch.Apply(new JsonObject(), JsonNode.Parse(patch)));
        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void More_operations_than_Kubernetes_allows_is_a_413()
    {
        var operations = new JsonArray(Enumerable.Range(0, JsonPatch.MaxOperations + 1)
            .Select(_ => (JsonNode)new JsonObject { ["op"] = "test", ["path"] = "", ["value"] = new JsonObject() }).ToArray());
        Assert.Equal(413, Assert.Throws<ResourceException>(() => JsonPatch.Apply(new JsonObject(), operations)).Code);
    }
}
