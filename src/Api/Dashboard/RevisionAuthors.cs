using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Engine.Store;

namespace Berth.Api.Dashboard;

/// <summary>
/// Who made each revision of an object. A write through the API or the dashboard left an audit row
/// naming the revision it stored (migration 0014); the first such row wins, since a later no-op
/// write answered with the same version. A revision no row names was written inside the server: a
/// node reporting its pod's status (the agent's writes go through the hub, not the API), or a controller.
/// </summary>
internal static class RevisionAuthors
{
    public const string System = "system (controllers)";

    public static (string Author, DateTimeOffset? At) Of(WatchEvent change, JsonObject value, JsonObject? previous, IReadOnlyDictionary<long, AuditEvent> audit)
    {
        if (audit.TryGetValue(change.Revision, out var row))
        {
            return (row.User ?? "anonymous", row.At);
        }

        var metadata = value["metadata"];
        DateTimeOffset? at = change.Type switch
        {
            WatchEventType.Created => Time(metadata?["creationTimestamp"]),
            WatchEventType.Deleted => Time(metadata?["deletionTimestamp"]),
            _ => null,
        };
        return (OnlyStatusChanged(value, previous) && (string?)value["spec"]?["nodeName"] is { Length: > 0 } node ? $"node {node}" : System, at);
    }

    /// <summary>Rows keyed by the revision they stored, the earliest row for each.</summary>
    public static IReadOnlyDictionary<long, AuditEvent> ByRevision(IEnumerable<AuditEvent> rows) =>
        rows.Where(r => r.Revision is not null).GroupBy(r => r.Revision!.Value).ToDictionary(g => g.Key, g => g.MinBy(r => r.Id)!);

    private static bool OnlyStatusChanged(JsonObject value, JsonObject? previous) =>
        previous is not null && JsonNode.DeepEquals(value["spec"], previous["spec"]) && !JsonNode.DeepEquals(value["status"], previous["status"]);

    private static DateTimeOffset? Time(JsonNode? node) => DateTimeOffset.TryParse((string?)node, CultureInfo.InvariantCulture, out var at) ? at : null;
}
