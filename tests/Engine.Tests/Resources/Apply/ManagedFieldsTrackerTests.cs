using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Apply;

namespace Berth.Engine.Tests.Resources.Apply;

/// <summary>managedFields on ordinary writes: who set a field last owns it, fields that are gone are nobody's, and a request may rewrite them.</summary>
public sealed class ManagedFieldsTrackerTests
{
    private static readonly ResourceType ConfigMaps = ResourceRegistry.BuiltIn.Types.Single(t => t.Plural == "configmaps");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly ManagedFieldPath Mode = new(["f:data", "f:mode"]);
    private static readonly ManagedFieldPath Size = new(["f:data", "f:size"]);

    private static JsonObject Settings(string data) =>
        JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{{{data}}}}""")!.AsObject();

    private static JsonObject Created(string data, string manager = "kubectl-create")
    {
        var created = Settings(data);
        ManagedFieldsTracker.RecordCreate(ConfigMaps, created, manager, Now);
        return created;
    }

    private static JsonObject Updated(JsonObject current, JsonObject next, string manager)
    {
        next["metadata"]!["managedFields"] = current["metadata"]!["managedFields"]?.DeepClone(); // read, modify, write back
        ManagedFieldsTracker.RecordUpdate(ConfigMaps, current, next, manager, subresource: null, Now.AddMinutes(1));
        return next;
    }

    private static ManagedFieldsEntry Entry(JsonObject obj, string manager) => ManagedFieldsEntry.Read(obj).Single(e => e.Manager == manager);

    [Fact]
    public void A_create_gives_every_field_to_its_manager_as_an_Update()
    {
        var created = Created("""{"mode":"fast","size":"2"}""");

        var entry = Assert.Single(ManagedFieldsEntry.Read(created));
        Assert.Equal(("kubectl-create", "Update"), (entry.Manager, entry.Operation));
        Assert.True(entry.Fields.Contains(Mode) && entry.Fields.Contains(Size));
    }

    [Fact]
    public void A_changed_field_moves_to_the_writer_and_the_rest_stay_where_they_were()
    {
        var current = Created("""{"mode":"fast","size":"2"}""");

        var next = Updated(current, Settings("""{"mode":"slow","size":"2"}"""), "kubectl-edit");

        Assert.False(Entry(next, "kubectl-create").Fields.Contains(Mode));
        Assert.True(Entry(next, "kubectl-create").Fields.Contains(Size));
        Assert.True(Entry(next, "kubectl-edit").Fields.Contains(Mode));
    }

    [Fact]
    public void A_field_that_is_gone_is_owned_by_nobody_and_a_manager_left_with_nothing_drops_out()
    {
        var current = Updated(Created("""{"mode":"fast"}"""), Settings("""{"mode":"fast","size":"2"}"""), "kubectl-edit");

        var next = Updated(current, Settings("""{"mode":"fast"}"""), "kubectl-patch");

        Assert.Equal(["kubectl-create"], ManagedFieldsEntry.Read(next).Select(e => e.Manager));
    }

    [Fact]
    public void A_write_that_changes_nothing_keeps_the_stored_managed_fields_as_they_were()
    {
        var current = Created("""{"mode":"fast"}""");

        var next = Updated(current, Settings("""{"mode":"fast"}"""), "kubectl-edit");

        Assert.True(JsonNode.DeepEquals(current["metadata"]!["managedFields"], next["metadata"]!["managedFields"]));
    }

    [Fact]
    public void A_write_without_managed_fields_that_changes_nothing_keeps_the_stored_ones()
    {
        // Stored as a client wrote them (members in another order than Berth writes), so a rewrite would show.
        var current = Settings("""{"mode":"fast"}""");
        current["metadata"]!["managedFields"] = JsonNode.Parse(
            """[{"fieldsV1":{"f:data":{"f:mode":{}}},"fieldsType":"FieldsV1","time":"2026-11-01T00:00:00Z","apiVersion":"v1","operation":"Apply","manager":"kubectl"}]""");
        var next = Settings("""{"mode":"fast"}"""); // a PUT of a file, which carries no managedFields

        ManagedFieldsTracker.RecordUpdate(ConfigMaps, current, next, "kubectl-replace", null, Now.AddMinutes(1));

        Assert.Equal(current["metadata"]!["managedFields"]!.ToJsonString(), next["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void Managed_fields_the_request_rewrote_are_taken_as_sent_and_an_empty_list_clears_them()
    {
        var current = Created("""{"mode":"fast"}""");
        var moved = Settings("""{"mode":"fast"}""");
        moved["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"kubectl","operation":"Apply","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:mode":{}}}}]""");
        ManagedFieldsTracker.RecordUpdate(ConfigMaps, current, moved, "kubectl", null, Now);
        Assert.Equal([("kubectl", "Apply")], ManagedFieldsEntry.Read(moved).Select(e => (e.Manager, e.Operation)));

        var cleared = Settings("""{"mode":"fast"}""");
        cleared["metadata"]!["managedFields"] = new JsonArray();
        ManagedFieldsTracker.RecordUpdate(ConfigMaps, current, cleared, "kubectl", null, Now);
        Assert.Null(cleared["metadata"]!["managedFields"]);
    }
}
