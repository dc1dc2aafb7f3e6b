using System.Text.Json.Nodes;
using Berth.Api.Dashboard;

namespace Berth.Api.Tests.Dashboard;

/// <summary>What Restore writes: the old revision's labels, annotations and spec on top of the current object.</summary>
public sealed class RestoredObjectTests
{
    [Fact]
    public void Old_labels_and_spec_replace_the_current_ones_while_identity_version_and_status_stay()
    {
        var old = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","resourceVersion":"3","labels":{"tier":"a"}},
             "spec":{"replicas":1},"status":{"replicas":1}}
            """)!.AsObject();
        var current = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","uid":"u1","resourceVersion":"9","annotations":{"note":"x"}},
             "spec":{"replicas":5,"paused":true},"status":{"replicas":5},"extra":{"a":1}}
            """)!.AsObject();

        var restored = RestoredObject.Of(old, current);

        Assert.Equal("9", (string?)restored["metadata"]!["resourceVersion"]);
        Assert.Equal("u1", (string?)restored["metadata"]!["uid"]);
        Assert.Equal("a", (string?)restored["metadata"]!["labels"]!["tier"]);
        Assert.Null(restored["metadata"]!["annotations"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"replicas":1}"""), restored["spec"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"replicas":5}"""), restored["status"]));
        Assert.Null(restored["extra"]);
    }

    [Fact]
    public void A_deleted_object_is_made_anew_from_the_old_revision_without_its_identity()
    {
        var old = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default","uid":"u1","resourceVersion":"3"},"data":{"k":"v"}}
            """)!.AsObject();

        var restored = RestoredObject.Of(old, current: null);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"default"},"data":{"k":"v"}}
            """), restored));
    }
}
