using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Patching;

namespace Berth.Engine.Tests.Resources;

public sealed class StrategicMergePatchTests
{
    private static readonly ResourceType Deployments = ResourceRegistry.BuiltIn.Find("apps", "v1", "deployments")!;
    private static readonly ResourceType Services = ResourceRegistry.BuiltIn.Find("", "v1", "services")!;

    private const string Deployment = """
        {"metadata":{"name":"web","finalizers":["a"]},
         "spec":{"replicas":1,"template":{"spec":{"containers":[
           {"name":"web","image":"busybox:1","ports":[{"containerPort":80,"name":"http"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
           {"name":"side","image":"nginx","args":["-x"]}]}}}}
        """;

    private static JsonObject Patch(ResourceType type, string original, string patch) =>
        StrategicMergePatch.Apply(type, JsonNode.Parse(original)!.AsObject(), JsonNode.Parse(patch)!.AsObject());

    private static JsonNode Containers(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!["containers"]!;

    [Fact]
    public void Containers_merge_by_name_so_a_patch_names_only_what_changes()
    {
        var result = Patch(Deployments, Deployment, """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:2"}]}}}}""");

        Assert.Equal("busybox:2", Containers(result)[0]!["image"]!.GetValue<string>());
        Assert.Equal(80, Containers(result)[0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal("nginx", Containers(result)[1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Nested_keyed_lists_merge_too_and_new_elements_are_added()
    {
        var result = Patch(Deployments, Deployment, """
            {"spec":{"template":{"spec":{"containers":[{"name":"web",
              "env":[{"name":"B","value":"3"},{"name":"C","value":"4"}],
              "ports":[{"containerPort":443}]}]}}}}
            """);

        var web = Containers(result)[0]!;
        Assert.Equal(["A=1", "B=3", "C=4"], web["env"]!.AsArray().Select(e => $"{e!["name"]}={e["value"]}"));
        Assert.Equal([80, 443], web["ports"]!.AsArray().Select(p => p!["containerPort"]!.GetValue<int>()));
    }

    [Fact]
    public void A_delete_directive_removes_one_element_and_null_removes_a_field()
    {
        var result = Patch(Deployments, Deployment, """
            {"spec":{"replicas":null,"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}]}}}}
            """);

        Assert.Null(result["spec"]!["replicas"]);
        Assert.Equal(["web"], Containers(result).AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void SetElementOrder_orders_the_merged_list()
    {
        var result = Patch(Deployments, Deployment, """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"side"},{"name":"web"}],
              "containers":[{"name":"web","image":"busybox:3"}]}}}}
            """);

        Assert.Equal(["side", "web"], Containers(result).AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("busybox:3", Containers(result)[1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Unkeyed_lists_are_replaced_and_primitive_merge_lists_are_unions()
    {
        var result = Patch(Deployments, Deployment, """
            {"metadata":{"finalizers":["b"]},"spec":{"template":{"spec":{"containers":[{"name":"side","args":["-y"]}]}}}}
            """);

        Assert.Equal(["-y"], Containers(result)[1]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(["a", "b"], result["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));

        var removed = Patch(Deployments, Deployment, """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");
        Assert.Empty(removed["metadata"]!["finalizers"]!.AsArray());
    }

    [Fact]
    public void Replace_and_retainKeys_directives_replace_maps()
    {
        var replaced = Patch(Deployments, """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}""");
        Assert.Equal("""{"type":"Recreate"}""", replaced["spec"]!["strategy"]!.ToJsonString());

        var retained = Patch(Deployments, """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
        Assert.Equal("""{"type":"Recreate"}""", retained["spec"]!["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Service_ports_merge_by_port_not_by_containerPort()
    {
        var result = Patch(Services, """{"spec":{"ports":[{"port":80,"name":"http"},{"port":443,"name":"https"}]}}""",
            """{"spec":{"ports":[{"port":443,"targetPort":8443}]}}""");

        var ports = result["spec"]!["ports"]!.AsArray();
        Assert.Equal(2, ports.Count);
        Assert.Equal("https", ports[1]!["name"]!.GetValue<string>());
        Assert.Equal(8443, ports[1]!["targetPort"]!.GetValue<int>());
    }

    [Fact]
    public void Directives_never_reach_the_stored_object()
    {
        var result = Patch(Deployments, """{"spec":{}}""", """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"a","env":[{"name":"X","$patch":"merge"}]}]}}}}
            """);

        Assert.DoesNotContain("$", result.ToJsonString());
    }
}
