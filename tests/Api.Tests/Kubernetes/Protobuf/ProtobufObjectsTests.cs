using System.Text;
using Berth.Api.Kubernetes.Protobuf;

namespace Berth.Api.Tests.Kubernetes.Protobuf;

public sealed class ProtobufObjectsTests
{
    // Length-delimited fields only: all that these messages need.
    private static byte[] Field(int number, byte[] value) => [(byte)((number << 3) | 2), (byte)value.Length, .. value];

    private static byte[] Text(int number, string value) => Field(number, Encoding.UTF8.GetBytes(value));

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8, .. Field(1, [.. Text(1, apiVersion), .. Text(2, kind)]), .. Field(2, raw)];

    [Fact]
    public void A_config_map_as_kubectl_create_configmap_sends_it_becomes_its_JSON()
    {
        byte[] metadata = [.. Text(1, "settings"), .. Text(2, ""), .. Text(3, "demo"), .. Field(11, [.. Text(1, "app"), .. Text(2, "web")])];
        byte[] raw = [.. Field(1, metadata), .. Field(2, [.. Text(1, "mode"), .. Text(2, "fast")]), .. Field(2, [.. Text(1, "size"), .. Text(2, "2")])];

        var obj = ProtobufObjects.TryDecode(Envelope("v1", "ConfigMap", raw));

        Assert.Equal("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","namespace":"demo","labels":{"app":"web"}},"data":{"mode":"fast","size":"2"}}""",
            obj!.ToJsonString());
    }

    [Fact]
    public void Secret_data_is_base64_as_in_JSON()
    {
        byte[] raw = [.. Field(1, Text(1, "login")), .. Field(2, [.. Text(1, "password"), .. Text(2, "s3cret")])];

        var obj = ProtobufObjects.TryDecode(Envelope("v1", "Secret", raw));

        Assert.Equal(Convert.ToBase64String("s3cret"u8), obj!["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Kinds_it_has_no_schema_for_are_not_guessed_at()
    {
        Assert.Null(ProtobufObjects.TryDecode(Envelope("apps/v1", "Deployment", Field(1, Text(1, "web")))));
    }

    [Fact]
    public void A_truncated_or_foreign_body_is_a_format_error()
    {
        var whole = Envelope("v1", "Namespace", Field(1, Text(1, "demo")));
        Assert.Throws<FormatException>(() => ProtobufObjects.TryDecode(whole.AsSpan(0, whole.Length - 2)));
        Assert.Throws<FormatException>(() => ProtobufObjects.TryDecode("{}"u8));
    }
}
