using Berth.Api.Kubernetes.Protobuf;

namespace Berth.Api.Tests.Kubernetes.Protobuf;

public sealed class ProtobufSchemasTests
{
    [Fact]
    public void Every_message_a_field_names_is_in_the_tables()
    {
        var missing = ProtobufSchemas.Messages.Values
            .SelectMany(m => m.Fields.Where(f => f.Message is not null && !ProtobufSchemas.Messages.ContainsKey(f.Message)).Select(f => $"{m.Name}.{f.Name}: {f.Message}"));

        Assert.Empty(missing);
    }

    [Fact]
    public void No_message_uses_a_JSON_name_twice()
    {
        var twice = ProtobufSchemas.Messages.Values
            .SelectMany(m => m.Fields.Where(f => f.Shape != FieldShape.Inline).GroupBy(f => f.Name).Where(g => g.Count() > 1).Select(g => $"{m.Name}.{g.Key}"));

        Assert.Empty(twice);
    }

    [Theory]
    [InlineData("v1", "Namespace")]
    [InlineData("v1", "ConfigMap")]
    [InlineData("v1", "Secret")]
    [InlineData("v1", "ServiceAccount")]
    [InlineData("v1", "Service")]
    [InlineData("v1", "Pod")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("batch/v1", "Job")]
    [InlineData("batch/v1", "CronJob")]
    [InlineData("networking.k8s.io/v1", "Ingress")]
    public void Each_kind_kubectl_creates_from_protobuf_has_its_object_message(string apiVersion, string kind)
    {
        var message = ProtobufSchemas.ForKind(apiVersion, kind);

        Assert.NotNull(message);
        Assert.Equal("metadata", message.ByNumber[1].Name);
    }
}
