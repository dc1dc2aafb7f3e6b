using System.Text;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Api.Dashboard;
using Berth.Engine.Store;

namespace Berth.Api.Tests.Dashboard;

/// <summary>Who a revision is shown as made by: its audit row's user, else the node or the controllers.</summary>
public sealed class RevisionAuthorsTests
{
    private static readonly JsonObject Scheduled = Pod("""{"nodeName":"n1","containers":[]}""", """{"phase":"Pending"}""");

    [Fact]
    public void The_earliest_audit_row_naming_the_revision_is_its_author()
    {
        var rows = RevisionAuthors.ByRevision([Row(2, "bob", 7), Row(1, "alice", 7), Row(3, "carol", null)]);
        var (author, at) = RevisionAuthors.Of(Change(WatchEventType.Updated, 7), Scheduled, Scheduled, rows);
        Assert.Equal("alice", author);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), at);
    }

    [Fact]
    public void A_status_only_change_of_a_scheduled_pod_with_no_row_is_its_nodes()
    {
        var running = Pod("""{"nodeName":"n1","containers":[]}""", """{"phase":"Running"}""");
        Assert.Equal("node n1", RevisionAuthors.Of(Change(WatchEventType.Updated, 8), running, Scheduled, new Dictionary<long, AuditEvent>()).Author);
    }

    [Fact]
    public void Any_other_change_with_no_row_is_the_controllers()
    {
        var respecced = Pod("""{"nodeName":"n1","containers":[{"name":"x"}]}""", """{"phase":"Running"}""");
        var none = new Dictionary<long, AuditEvent>();
        Assert.Equal(RevisionAuthors.System, RevisionAuthors.Of(Change(WatchEventType.Updated, 8), respecced, Scheduled, none).Author);
        Assert.Equal(RevisionAuthors.System, RevisionAuthors.Of(Change(WatchEventType.Created, 8), Scheduled, null, none).Author);
    }

    private static JsonObject Pod(string spec, string status) =>
        new() { ["kind"] = "Pod", ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = JsonNode.Parse(spec), ["status"] = JsonNode.Parse(status) };

    private static WatchEvent Change(WatchEventType type, long revision) => new(type, new KeyValue("k", Encoding.UTF8.GetBytes("{}"), revision, 1));

    private static AuditEvent Row(long id, string user, long? revision) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(id), user, null, "w", "update", "", "pods", null, "default", "p", 200, "dashboard") { Id = id, Revision = revision };
}
