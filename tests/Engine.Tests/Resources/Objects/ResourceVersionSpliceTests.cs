using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Resources.Objects;

/// <summary>The spliced bytes must be exactly what parsing the stored value and writing it out again gives.</summary>
public sealed class ResourceVersionSpliceTests
{
    private const long Revision = 123456789012;

    // What the API wrote before lists were streamed: FromStore, then the object written as JSON.
    private static string ThroughDom(KeyValue value)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            ObjectJson.FromStore(value).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Spliced(KeyValue value)
    {
        var output = new ArrayBufferWriter<byte>();
        ResourceVersionSplice.Write(value, output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static KeyValue Stored(string json, long revision = Revision) =>
        new("configmaps/default/a", ObjectJson.ToStore(JsonNode.Parse(json)!.AsObject()), revision, revision);

    [Theory]
    [InlineData("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","namespace":"default","uid":"u-1"},"data":{"k":"v"}}""")]
    [InlineData("""{"metadata":{"name":"a","labels":{"resourceVersion":"7"},"annotations":{"x":"{\"resourceVersion\":\"1\"}"},"ownerReferences":[{"name":"o","resourceVersion":"2"}]}}""")]
    [InlineData("""{"data":{"a":[1,2,{"b":null}]},"binaryData":{},"metadata":{"name":"last","finalizers":["x"]}}""")]
    [InlineData("""{"metadata":{}}""")]
    [InlineData("""{"metadata":{"name":"ünïcödé 🚀 <script>&'+ \n\t\"\\ \u0001"},"data":{"n":"1e3","f":1.50,"z":-0,"big":12345678901234567890}}""")]
    public void A_stored_object_comes_out_with_its_resourceVersion_last_in_metadata_byte_for_byte(string json)
    {
        var value = Stored(json);

        var spliced = Spliced(value);

        Assert.Equal(ThroughDom(value), spliced);
        Assert.Equal(Revision.ToString(), JsonNode.Parse(spliced)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        var metadata = new ArrayBufferWriter<byte>();
        ResourceVersionSplice.WriteMetadata(value, metadata);
        Assert.Equal(JsonNode.Parse(ThroughDom(value))!["metadata"]!.ToJsonString(), Encoding.UTF8.GetString(metadata.WrittenSpan));
    }

    [Theory]
    [InlineData("""{"kind":"ConfigMap","data":{"k":"v"}}""")] // no metadata: one is added
    [InlineData("""{"kind":"ConfigMap","metadata":null}""")] // metadata that is no object is replaced
    [InlineData("""{"metadata":{"name":"a","resourceVersion":"1","uid":"u"}}""")] // a stored resourceVersion is overwritten in place
    public void Objects_not_laid_out_as_the_store_writes_them_come_out_as_the_dom_writes_them(string json)
    {
        var value = new KeyValue("configmaps/default/a", Encoding.UTF8.GetBytes(json), Revision, Revision);

        Assert.Equal(ThroughDom(value), Spliced(value));
    }

    [Fact]
    public void A_value_that_was_never_stored_has_no_resourceVersion()
    {
        var value = Stored("""{"metadata":{"name":"a"}}""", revision: 0);

        Assert.Equal("""{"metadata":{"name":"a"}}""", Spliced(value));
        Assert.Equal(ThroughDom(value), Spliced(value));
    }

    [Fact]
    public void Bytes_written_with_spacing_by_another_writer_come_out_as_the_dom_writes_them()
    {
        var value = new KeyValue("configmaps/default/a", """{ "metadata" : { "name" : "a" } , "data" : { } }"""u8.ToArray(), 9, 9);

        Assert.Equal("""{"metadata":{"name":"a","resourceVersion":"9"},"data":{}}""", Spliced(value));
    }
}
