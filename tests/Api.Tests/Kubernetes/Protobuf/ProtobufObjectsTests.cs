using System.Text.Json.Nodes;
using Berth.Api.Kubernetes.Protobuf;
using static Berth.Api.Tests.Kubernetes.Protobuf.Wire;

namespace Berth.Api.Tests.Kubernetes.Protobuf;

public sealed class ProtobufObjectsTests
{
    private static void AssertDecodes(string json, byte[] body)
    {
        var decoded = ProtobufObjects.TryDecode(body);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), decoded), decoded?.ToJsonString());
    }

    [Fact]
    public void A_config_map_as_kubectl_create_configmap_sends_it_becomes_its_JSON()
    {
        byte[] metadata = [.. Text(1, "settings"), .. Text(2, ""), .. Text(3, "demo"), .. Entry(11, "app", "web")];

        var obj = ProtobufObjects.TryDecode(Envelope("v1", "ConfigMap", Field(1, metadata), Entry(2, "mode", "fast"), Entry(2, "size", "2")));

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"demo","labels":{"app":"web"}},"data":{"mode":"fast","size":"2"}}""",
            obj!.ToJsonString());
    }

    [Fact]
    public void Secret_data_is_base64_as_in_JSON()
    {
        var obj = ProtobufObjects.TryDecode(Envelope("v1", "Secret", Field(1, Text(1, "login")), Entry(2, "password", "s3cret")));

        Assert.Equal(Convert.ToBase64String("s3cret"u8), obj!["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Zero_scalars_Go_always_writes_are_left_out_but_a_pointer_or_a_field_without_omitempty_keeps_its_zero()
    {
        // replicas is *int32, so an explicit 0 is kept; minReadySeconds and paused are plain omitempty fields;
        // a container's name has no omitempty, so JSON writes "" too.
        var spec = Field(2, Int(1, 0), Int(5, 0), Bool(7, false), Field(3, Field(2, Field(2, Text(1, "")))));

        AssertDecodes("""{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":0,"template":{"spec":{"containers":[{"name":""}]}}}}""",
            Envelope("apps/v1", "Deployment", spec));
    }

    [Fact]
    public void An_IntOrString_is_a_number_or_a_string_by_its_type()
    {
        byte[] byNumber = [.. Int(3, 80), .. Field(4, Int(1, 0), Int(2, 8080), Text(3, ""))];
        byte[] byName = [.. Int(3, 443), .. Field(4, Int(1, 1), Int(2, 0), Text(3, "https"))];

        AssertDecodes("""{"apiVersion":"v1","kind":"Service","spec":{"ports":[{"port":80,"targetPort":8080},{"port":443,"targetPort":"https"}]}}""",
            Envelope("v1", "Service", Field(2, Field(1, byNumber), Field(1, byName))));
    }

    [Fact]
    public void Quantities_are_their_strings_alone_and_in_resource_maps()
    {
        var limits = Field(1, Text(1, "cpu"), Field(2, Text(1, "500m")));
        var container = Field(2, Text(1, "app"), Field(8, limits));
        var volume = Field(1, Text(1, "scratch"), Field(2, Field(2, Text(1, "Memory"), Field(2, Text(1, "1Gi")))));

        AssertDecodes("""
            {"apiVersion":"v1","kind":"Pod","spec":{"volumes":[{"name":"scratch","emptyDir":{"medium":"Memory","sizeLimit":"1Gi"}}],
             "containers":[{"name":"app","resources":{"limits":{"cpu":"500m"}}}]}}
            """, Envelope("v1", "Pod", Field(2, volume, container)));
    }

    [Fact]
    public void A_time_is_RFC_3339_to_the_second_and_the_unset_time_is_null()
    {
        var metadata = Field(1, Text(1, "web"), Field(8), Field(9, Int(1, 1_700_000_000), Int(2, 500)));

        AssertDecodes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web","creationTimestamp":null,"deletionTimestamp":"2023-11-14T22:13:20Z"}}""",
            Envelope("v1", "ConfigMap", metadata));
    }

    [Fact]
    public void Inline_structs_put_their_fields_in_the_parent_as_JSON_does()
    {
        var volume = Field(1, Text(1, "config"), Field(2, Field(19, Field(1, Text(1, "settings")))));
        var probe = Field(10, Field(1, Field(2, Text(1, "/healthz"), Field(2, Int(1, 0), Int(2, 8080)))), Int(4, 10));
        var container = Field(2, Text(1, "app"), probe);

        AssertDecodes("""
            {"apiVersion":"v1","kind":"Pod","spec":{"volumes":[{"name":"config","configMap":{"name":"settings"}}],
             "containers":[{"name":"app","livenessProbe":{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":10}}]}}
            """, Envelope("v1", "Pod", Field(2, volume, container)));
    }

    [Fact]
    public void Lists_of_numbers_are_read_packed_or_one_by_one()
    {
        byte[] packed = [.. Field(4, [.. Varint(3000), .. Varint(4000)])];
        byte[] unpacked = [.. Int(4, 3000), .. Int(4, 4000)];

        foreach (var groups in new[] { packed, unpacked })
        {
            AssertDecodes("""{"apiVersion":"v1","kind":"Pod","spec":{"securityContext":{"supplementalGroups":[3000,4000]}}}""",
                Envelope("v1", "Pod", Field(2, Field(14, groups))));
        }
    }

    [Fact]
    public void Fields_come_out_in_the_Go_struct_order_not_the_wire_order()
    {
        var spec = Field(2, Field(2, Text(1, "app")), Field(20, Text(1, "init")));

        var obj = ProtobufObjects.TryDecode(Envelope("v1", "Pod", spec));

        Assert.Equal(["initContainers", "containers"], obj!["spec"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Fields_it_does_not_know_are_skipped_as_a_newer_kubectl_may_send_them()
    {
        AssertDecodes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web"}}""",
            Envelope("v1", "ConfigMap", Field(1, Text(1, "web"), Int(99, 7)), Text(98, "future")));
    }

    [Fact]
    public void A_known_field_with_the_wrong_wire_type_is_a_format_error()
    {
        var error = Assert.Throws<FormatException>(() => ProtobufObjects.TryDecode(Envelope("apps/v1", "Deployment", Field(2, Text(1, "three")))));
        Assert.Contains("replicas", error.Message);
    }

    [Fact]
    public void Kinds_it_has_no_schema_for_are_not_guessed_at()
    {
        Assert.Null(ProtobufObjects.TryDecode(Envelope("apps/v1", "DaemonSet", Field(1, Text(1, "web")))));
    }

    [Fact]
    public void A_truncated_or_foreign_body_is_a_format_error()
    {
        var whole = Envelope("v1", "Namespace", Field(1, Text(1, "demo")));
        Assert.Throws<FormatException>(() => ProtobufObjects.TryDecode(whole.AsSpan(0, whole.Length - 2)));
        Assert.Throws<FormatException>(() => ProtobufObjects.TryDecode("{}"u8));
    }
}
