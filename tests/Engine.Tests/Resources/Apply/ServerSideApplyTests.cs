using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Apply;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Tests.Resources.Apply;

/// <summary>Server-side apply's merge, ownership and conflicts, on Deployments as kubectl applies them.</summary>
public sealed class ServerSideApplyTests
{
    private static readonly ResourceType Deployments = ResourceRegistry.BuiltIn.Types.Single(t => t.Plural == "deployments");
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static JsonObject Deployment(int replicas = 2, string image = "busybox:1.36", string env = """[{"name":"A","value":"1"}]""", string labels = """{"app":"web"}""")
    {
        var deployment = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web"}]}}}}
            """)!.AsObject();
        deployment["metadata"]!["labels"] = JsonNode.Parse(labels);
        deployment["spec"]!["replicas"] = replicas;
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        container["image"] = image;
        container["env"] = JsonNode.Parse(env);
        return deployment;
    }

    private static JsonObject Apply(JsonObject? live, JsonObject applied, string manager = "kubectl", bool force = false) =>
        ServerSideApply.Apply(Deployments, live, applied, manager, force, Now);

    private static IReadOnlyList<ManagedFieldsEntry> Entries(JsonObject obj) => ManagedFieldsEntry.Read(obj);

    private static ManagedFieldPath Path(params string[] elements) => new(elements);

    [Fact]
    public void A_first_apply_creates_the_object_owned_field_by_field_with_keyed_list_elements_by_their_keys()
    {
        var created = Apply(null, Deployment());

        var entry = Assert.Single(Entries(created));
        Assert.Equal(("kubectl", "Apply", "apps/v1", "2026-11-22T09:00:00Z"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.Time));
        var container = Path("f:spec", "f:template", "f:spec", "f:containers", """k:{"name":"web"}""");
        Assert.True(entry.Fields.Contains(container.Append(".")));
        Assert.True(entry.Fields.Contains(container.Append("f:image")));
        Assert.True(entry.Fields.Contains(container.Append("f:env").Append("""k:{"name":"A"}""").Append("f:value")));
        Assert.True(entry.Fields.Contains(Path("f:metadata", "f:labels", "f:app")));
        Assert.False(entry.Fields.Contains(Path("f:metadata", "f:name")), "identity fields belong to no manager");
        Assert.Equal("{}", created["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!["f:replicas"]!.ToJsonString());
    }

    [Fact]
    public void Applying_the_same_configuration_again_changes_nothing_not_even_the_time()
    {
        var live = Apply(null, Deployment());
        live["metadata"]!["managedFields"]![0]!["time"] = "2026-11-01T00:00:00Z";

        var again = Apply(live, Deployment());

        Assert.True(JsonNode.DeepEquals(live, again));
    }

    [Fact]
    public void Another_manager_changing_an_owned_field_is_refused_naming_the_field_and_its_owner()
    {
        var live = Apply(null, Deployment());

        var refused = Assert.Throws<ResourceException>(() => Apply(live, Deployment(replicas: 3, image: "busybox:1.37"), manager: "other"));

        Assert.Equal((409, "Conflict"), (refused.Code, refused.Reason));
        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"kubectl\" using apps/v1:\n- .spec.replicas\n- .spec.template.spec.containers[name=\"web\"].image", refused.Message);
        Assert.Equal([".spec.replicas", ".spec.template.spec.containers[name=\"web\"].image"], refused.Causes.Select(c => c.Field));
        Assert.All(refused.Causes, c => Assert.Equal("FieldManagerConflict", c.Reason));
    }

    [Fact]
    public void Forcing_takes_the_field_over_and_the_old_owner_no_longer_has_it()
    {
        var live = Apply(null, Deployment());

        var forced = Apply(live, Deployment(replicas: 3), manager: "other", force: true);

        Assert.Equal(3, forced["spec"]!["replicas"]!.GetValue<int>());
        var entries = Entries(forced);
        Assert.False(entries.Single(e => e.Manager == "kubectl").Fields.Contains(Path("f:spec", "f:replicas")));
        Assert.True(entries.Single(e => e.Manager == "other").Fields.Contains(Path("f:spec", "f:replicas")));
    }

    [Fact]
    public void A_field_a_manager_stops_applying_goes_unless_another_manager_shares_it()
    {
        var live = Apply(null, Deployment(env: """[{"name":"A","value":"1"},{"name":"B","value":"2"}]""", labels: """{"app":"web","tier":"front"}"""));
        live = Apply(live, Deployment(env: """[{"name":"B","value":"2"}]"""), manager: "other"); // same values: shared, no conflict

        var dropped = Apply(live, Deployment(env: "[]", labels: """{"app":"web"}"""));

        Assert.Equal("""[{"name":"B","value":"2"}]""", dropped["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.ToJsonString());
        Assert.Null(dropped["metadata"]!["labels"]!["tier"]);
        Assert.Equal("web", dropped["metadata"]!["labels"]!["app"]!.GetValue<string>());
    }

    [Fact]
    public void Keyed_lists_merge_by_key_keeping_elements_others_applied_and_sets_take_the_union()
    {
        var live = Apply(null, Deployment());
        var sidecar = Deployment();
        sidecar["spec"]!["template"]!["spec"]!["containers"] = JsonNode.Parse("""[{"name":"log","image":"busybox:1.36"}]""");
        sidecar["metadata"]!["finalizers"] = JsonNode.Parse("""["example.com/keep"]""");

        var merged = Apply(live, sidecar, manager: "sidecar-injector");

        var names = merged["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
        Assert.Equal(["web", "log"], names);
        Assert.Equal("busybox:1.36", merged["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.True(Entries(merged).Single(e => e.Manager == "sidecar-injector").Fields.Contains(Path("f:metadata", "f:finalizers", "v:\"example.com/keep\"")));
    }

    [Fact]
    public void An_object_written_before_any_apply_is_owned_by_before_first_apply()
    {
        var live = Deployment();
        live["metadata"]!["uid"] = "u1";

        var same = Apply(live, Deployment());
        var refused = Assert.Throws<ResourceException>(() => Apply(live, Deployment(replicas: 5)));

        Assert.Equal(["before-first-apply", "kubectl"], Entries(same).Select(e => e.Manager));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas", refused.Message);
    }
}
