using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Printing;
using Berth.Engine.Store;

namespace Berth.Engine.Tests.Resources.Printing;

/// <summary>A Table written from stored bytes must be byte for byte the Table built from the parsed objects.</summary>
public sealed class StoredTableWriterTests
{
    private static readonly KeyValue[] Pods =
    [
        Stored(1001, """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"web-0","namespace":"default","uid":"u-1","creationTimestamp":"2025-03-01T11:00:00Z",
             "labels":{"app":"web"},"annotations":{"note":"<ünï> & 'x' 🚀"},"managedFields":[{"manager":"kubectl","fieldsV1":{"f:spec":{}}}]},
             "spec":{"nodeName":"n1","containers":[{"name":"c","image":"nginx"}]},
             "status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[{"name":"c","ready":true,"restartCount":2,"state":{"running":{}}}]}}
            """),
        Stored(1002, """
            {"kind":"Pod","apiVersion":"v1","metadata":{"name":"job-0","namespace":"default","creationTimestamp":"2025-03-01T10:00:00Z"},
             "spec":{"containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Succeeded"}}
            """),
        Stored(1003, """{"kind":"Pod","apiVersion":"v1","metadata":{},"spec":{}}"""),
        new KeyValue("pods/default/odd", """{ "kind" : "Pod", "metadata" : { "name" : "odd" } }"""u8.ToArray(), 1004, 1004),
    ];

    private static KeyValue Stored(long revision, string json) =>
        new($"pods/default/{revision}", ObjectJson.ToStore(JsonNode.Parse(json)!.AsObject()), revision, revision);

    [Theory]
    [InlineData(IncludeObject.Metadata, TableOptions.V1)]
    [InlineData(IncludeObject.Object, TableOptions.V1)]
    [InlineData(IncludeObject.None, TableOptions.V1Beta1)]
    public void A_table_written_from_stored_pods_is_the_table_built_from_them(IncludeObject include, string apiVersion)
    {
        var printer = Printed.Printer("", "pods");
        var options = new TableOptions(apiVersion, include);
        var built = ObjectTable.Of(printer, new ObjectList(Pods.Select(ObjectJson.FromStore).ToList(), 2000, "next"), options, Printed.Now);

        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            var table = new StoredTableWriter(printer, options, Printed.Now);
            table.WriteStart(writer, new StoredObjectList(Pods, 2000, "next").Metadata());
            foreach (var pod in Pods)
            {
                table.WriteRow(writer, pod);
            }

            StoredTableWriter.WriteEnd(writer);
        }

        Assert.Equal(built.ToJsonString(), Encoding.UTF8.GetString(output.WrittenSpan));
        // What is compared carries what matters: the Completed condition, and each row's resourceVersion.
        var rows = JsonNode.Parse(output.WrittenSpan)!["rows"]!.AsArray();
        Assert.Equal("Completed", rows[1]!["conditions"]![0]!["type"]!.GetValue<string>());
        if (include != IncludeObject.None)
        {
            Assert.Equal(["1001", "1002", "1003", "1004"], rows.Select(r => r!["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>()));
        }
    }
}
