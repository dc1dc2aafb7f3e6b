using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Printing;

namespace Berth.Engine.Tests.Resources.Printing;

public sealed class ObjectTableTests
{
    private static readonly ObjectPrinter Namespaces = Printed.Printer("", "namespaces");
    private static readonly TableOptions V1 = new(TableOptions.V1);

    // Created an hour before the printers' now.
    private static JsonObject Namespace(string name, string revision) => JsonNode.Parse(Printed.Fill("""
        {"kind":"Namespace","apiVersion":"v1",
         "metadata":{"name":"%NAME%","uid":"u-%NAME%","resourceVersion":"%REVISION%","creationTimestamp":"2025-03-01T11:00:00Z","labels":{"team":"a"}},
         "spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}
        """, ("NAME", name), ("REVISION", revision)))!.AsObject();

    [Fact]
    public void A_table_has_every_column_definition_and_a_row_per_object_with_its_metadata()
    {
        var table = ObjectTable.Of(Namespaces, new ObjectList([Namespace("a", "5"), Namespace("b", "7")], 9, "next-page"), V1, Printed.Now);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"9","continue":"next-page"}""", table["metadata"]!.ToJsonString());
        Assert.Equal(
            """{"name":"Name","type":"string","format":"name","description":"The name of the object, unique within its namespace.","priority":0}""",
            table["columnDefinitions"]![0]!.ToJsonString());
        Assert.Equal(["Name", "Status", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));

        var row = table["rows"]![1]!;
        Assert.Equal("""["b","Active","60m"]""", row["cells"]!.ToJsonString());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", row["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("a", row["object"]!["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Null(row["object"]!["spec"]);
    }

    [Fact]
    public void Integer_cells_are_json_numbers()
    {
        var configMap = JsonNode.Parse("""{"metadata":{"name":"c","resourceVersion":"3"},"data":{"a":"1","b":"2"}}""")!.AsObject();
        var table = ObjectTable.Of(Printed.Printer("", "configmaps"), configMap, V1, Printed.Now);

        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(JsonValueKind.Number, cells[1]!.GetValueKind());
        Assert.Equal(2, cells[1]!.GetValue<long>());
    }

    [Fact]
    public void A_table_of_one_object_carries_its_resource_version()
    {
        var table = ObjectTable.Of(Namespaces, Namespace("a", "5"), new TableOptions(TableOptions.V1Beta1), Printed.Now);

        Assert.Equal("meta.k8s.io/v1beta1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1beta1", table["rows"]![0]!["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("""{"resourceVersion":"5"}""", table["metadata"]!.ToJsonString());
        Assert.Single(table["rows"]!.AsArray());
    }

    [Fact]
    public void Rows_carry_the_whole_object_or_nothing_as_asked()
    {
        var whole = ObjectTable.Of(Namespaces, Namespace("a", "5"), V1 with { Include = IncludeObject.Object }, Printed.Now);
        var none = ObjectTable.Of(Namespaces, Namespace("a", "5"), V1 with { Include = IncludeObject.None }, Printed.Now);

        Assert.True(JsonNode.DeepEquals(Namespace("a", "5"), whole["rows"]![0]!["object"]));
        Assert.False(none["rows"]![0]!.AsObject().ContainsKey("object"));
    }

    [Fact]
    public void A_watch_event_is_a_table_of_one_row_with_headers_only_when_asked()
    {
        var first = ObjectTable.OfEvent(Namespaces, new ObjectEvent(ObjectEvent.Added, Namespace("a", "5"), 5), V1, headers: true, Printed.Now);
        var next = ObjectTable.OfEvent(Namespaces, new ObjectEvent(ObjectEvent.Modified, Namespace("a", "6"), 6), V1, headers: false, Printed.Now);

        Assert.Equal(3, first["columnDefinitions"]!.AsArray().Count);
        Assert.True(next.ContainsKey("columnDefinitions"));
        Assert.Null(next["columnDefinitions"]);
        Assert.Equal("6", next["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("""["a","Active","60m"]""", next["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void A_bookmark_is_a_table_without_rows_at_its_revision()
    {
        var bookmark = new JsonObject { ["kind"] = "Namespace", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = "12" } };
        var table = ObjectTable.OfEvent(Namespaces, new ObjectEvent(ObjectEvent.Bookmark, bookmark, 12), V1, headers: false, Printed.Now);

        Assert.Empty(table["rows"]!.AsArray());
        Assert.Equal("12", table["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public void A_pod_that_finished_has_a_completed_row_condition()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c"}]},"status":{"phase":"Failed"}}""")!.AsObject();
        var table = ObjectTable.Of(Printed.Printer("", "pods"), pod, V1, Printed.Now);

        Assert.Equal("""[{"type":"Completed","status":"True","reason":"Failed","message":"The pod failed."}]""", table["rows"]![0]!["conditions"]!.ToJsonString());
    }

    [Fact]
    public void A_kind_without_a_printer_of_its_own_shows_name_and_age()
    {
        var other = new Berth.Engine.Resources.ResourceType("example.com", "v1", "widgets", "Widget", true, [], [], false, false);
        Assert.Equal(["Name", "Age"], ObjectPrinters.For(other).Columns.Select(c => c.Name));
    }
}
