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
             "status":{"phase":"Running","podIP":"10.0.0.1","containerStatuses":[{"name":"c","ready":true,"restartCount":2,"state":{"running":{}},
               "lastState":{"terminated":{"exitCode":1,"finishedAt":"2025-03-01T11:30:00Z"}}}]}}
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
        var written = Write(printer, options, Printed.Now);

        Assert.Equal(Built(printer, options, Printed.Now), written);
        // What is compared carries what matters: the Completed condition, and each row's resourceVersion.
        var rows = JsonNode.Parse(written)!["rows"]!.AsArray();
        Assert.Equal("Completed", rows[1]!["conditions"]![0]!["type"]!.GetValue<string>());
        if (include != IncludeObject.None)
        {
            Assert.Equal(["1001", "1002", "1003", "1004"], rows.Select(r => r!["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void A_row_printed_once_measures_its_times_when_it_is_written_again()
    {
        // The stored values are the same instances both times, as a list from the store's memory hands them
        // out: the second table reuses their printed rows, and only the times move on.
        var printer = Printed.Printer("", "pods");
        var options = new TableOptions(TableOptions.V1);
        var later = Printed.Now.AddHours(3);
        Assert.Equal(Built(printer, options, Printed.Now), Write(printer, options, Printed.Now));

        var written = Write(printer, options, later);

        Assert.Equal(Built(printer, options, later), written);
        var web = JsonNode.Parse(written)!["rows"]![0]!["cells"]!.AsArray().Select(c => c!.ToString()).ToArray();
        Assert.Equal(["web-0", "1/1", "Running", "2 (3h30m ago)", "4h", "10.0.0.1", "n1", "<none>", "<none>"], web);
    }

    private static string Built(ObjectPrinter printer, TableOptions options, DateTimeOffset now) =>
        ObjectTable.Of(printer, new ObjectList(Pods.Select(ObjectJson.FromStore).ToList(), 2000, "next"), options, now).ToJsonString();

    private static string Write(ObjectPrinter printer, TableOptions options, DateTimeOffset now)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            var table = new StoredTableWriter(printer, options, now);
            table.WriteStart(writer, new StoredObjectList(Pods, 2000, "next").Metadata());
            foreach (var pod in Pods)
            {
                table.WriteRow(writer, pod);
            }

            StoredTableWriter.WriteEnd(writer);
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
