using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// What an update (put, patch, status) may do to a deletion, by Kubernetes' rules: it can never
/// set, move or unset a deletionTimestamp, nor add finalizers to an object being deleted; and an
/// update that takes the last finalizer off such an object completes its delete.
/// </summary>
public static class DeletionOnUpdate
{
    private const string Immutable = "field is immutable";

    /// <summary>Carries the deletion fields of <paramref name="current"/> into <paramref name="next"/>, refusing (422) what the rules forbid.</summary>
    public static void Prepare(ResourceType type, string name, JsonObject current, JsonObject next)
    {
        var metadata = ObjectJson.Metadata(next);
        var currentMetadata = ObjectJson.Metadata(current);
        var causes = new List<FieldCause>();
        if (DeletionMetadata.IsDeleting(current))
        {
            metadata["deletionTimestamp"] = currentMetadata["deletionTimestamp"]?.DeepClone();
            var grace = DeletionMetadata.GracePeriodSeconds(current);
            if (metadata["deletionGracePeriodSeconds"] is null)
            {
                metadata.Remove("deletionGracePeriodSeconds");
                if (currentMetadata["deletionGracePeriodSeconds"] is { } currentGrace)
                {
                    metadata["deletionGracePeriodSeconds"] = currentGrace.DeepClone();
                }
            }
            else if (DeletionMetadata.GracePeriodSeconds(next) != grace)
            {
                causes.Add(ImmutableCause("metadata.deletionGracePeriodSeconds", metadata["deletionGracePeriodSeconds"]!.ToJsonString()));
            }

            var added = Finalizers.Of(next).Except(Finalizers.Of(current)).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
            {
                causes.Add(new FieldCause("FieldValueForbidden", "metadata.finalizers",
                    $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers {OptionsError.GoStrings(added)}"));
            }
        }
        else
        {
            if (DeletionMetadata.Timestamp(next) is { } timestamp)
            {
                // Go prints a time this way in the message Kubernetes gives.
                causes.Add(ImmutableCause("metadata.deletionTimestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss '+0000 UTC'", CultureInfo.InvariantCulture)));
            }

            if (metadata["deletionGracePeriodSeconds"] is { } grace)
            {
                causes.Add(ImmutableCause("metadata.deletionGracePeriodSeconds", grace.ToJsonString()));
            }
        }

        if (causes.Count > 0)
        {
            throw ResourceException.Invalid(type, name, causes);
        }
    }

    /// <summary>
    /// True when storing <paramref name="next"/> over <paramref name="current"/> should remove the object
    /// instead: it is being deleted, its grace is over, and its last finalizer is gone (for a namespace,
    /// its spec.finalizers too).
    /// </summary>
    public static bool CompletesDelete(ResourceType type, JsonObject current, JsonObject next) =>
        DeletionMetadata.IsDeleting(current)
        && DeletionMetadata.GracePeriodSeconds(current) is null or 0
        && Finalizers.Of(next).Count == 0
        && NamespaceLifecycle.SpecFinalizersDone(type, next);

    private static FieldCause ImmutableCause(string field, string value) =>
        new("FieldValueInvalid", field, $"Invalid value: {value}: {Immutable}");
}
