using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// The two fields that say an object is being deleted: <c>metadata.deletionTimestamp</c> (when it
/// goes, or went, away) and <c>metadata.deletionGracePeriodSeconds</c> (how long its holder had to
/// finish). Only the delete path sets them; nothing can unset them.
/// </summary>
public static class DeletionMetadata
{
    public static bool IsDeleting(JsonObject obj) => Timestamp(obj) is not null;

    public static DateTimeOffset? Timestamp(JsonObject obj) =>
        ObjectJson.String(ObjectJson.Metadata(obj), "deletionTimestamp") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    public static long? GracePeriodSeconds(JsonObject obj) =>
        ObjectJson.Metadata(obj)["deletionGracePeriodSeconds"] is JsonValue value && value.TryGetValue<long>(out var seconds) ? seconds : null;

    public static void Mark(JsonObject obj, DateTimeOffset timestamp, long gracePeriodSeconds)
    {
        var metadata = ObjectJson.Metadata(obj);
        metadata["deletionTimestamp"] = ObjectAdmission.Timestamp(timestamp);
        metadata["deletionGracePeriodSeconds"] = gracePeriodSeconds;
    }

    /// <summary>What a create may not carry: a new object is never already being deleted.</summary>
    public static void ClearOnCreate(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
    }

    /// <summary>Moves <c>metadata.generation</c> on, as Kubernetes does when a deletion starts, so controllers see the change.</summary>
    internal static void BumpGeneration(JsonObject obj)
    {
        var metadata = ObjectJson.Metadata(obj);
        if (metadata["generation"] is JsonValue value && value.TryGetValue<long>(out var generation) && generation > 0)
        {
            metadata["generation"] = generation + 1;
        }
    }
}
