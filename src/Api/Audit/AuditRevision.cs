using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Audit;

/// <summary>
/// The revision a successful write stored (the object's resourceVersion in the answer), noted by
/// the endpoint so the audit row can name it: that is how an object's history says who made each
/// of its revisions. Dry runs store nothing and note nothing.
/// </summary>
public static class AuditRevision
{
    private const string Key = "berth.audit.revision";

    public static long? Of(HttpContext context) => context.Items.TryGetValue(Key, out var revision) ? revision as long? : null;

    public static void Note(HttpContext context, JsonNode? written, bool dryRun) => Note(context, Parse(written), dryRun);

    /// <summary>Notes the <paramref name="revision"/> a write stored (a stored row's, where the endpoint has the row).</summary>
    public static void Note(HttpContext context, long? revision, bool dryRun)
    {
        if (!dryRun && revision is > 0)
        {
            context.Items[Key] = revision.Value;
        }
    }

    /// <summary>An object's metadata.resourceVersion as a revision, or null when it has none.</summary>
    public static long? Parse(JsonNode? obj) =>
        long.TryParse((string?)obj?["metadata"]?["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
}
