using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// Graceful deletion, which Kubernetes gives pods: a pod running on a node is not removed at once but
/// marked with <c>deletionTimestamp = now + grace</c>, so its node agent can stop its containers in
/// time and then remove it. What is graceful, and for how long, follows the generic registry's
/// <c>BeforeDelete</c> and the pod strategy's <c>CheckGracefulDelete</c>.
/// </summary>
public static class GracefulDeletion
{
    /// <summary>A pod's <c>spec.terminationGracePeriodSeconds</c> when it gives none (Kubernetes' default).</summary>
    public const long DefaultPodGracePeriodSeconds = 30;

    /// <summary>What <see cref="Begin"/> decided.</summary>
    /// <param name="Graceful">The object was marked for a graceful deletion (or its grace was shortened).</param>
    /// <param name="Pending">A graceful deletion is already under way and this request changes nothing.</param>
    /// <param name="GracePeriodSeconds">The grace the object now has, when <paramref name="Graceful"/>.</param>
    public readonly record struct Outcome(bool Graceful, bool Pending, long GracePeriodSeconds);

    public static bool Supports(ResourceType type) => type.Group.Length == 0 && type.Plural == "pods";

    /// <summary>Marks <paramref name="obj"/> for graceful deletion when its kind and state call for it.</summary>
    public static Outcome Begin(ResourceType type, JsonObject obj, long? requested, DateTimeOffset now)
    {
        // Kubernetes treats a negative grace period as one second.
        if (requested < 0)
        {
            requested = 1;
        }

        if (!Supports(type))
        {
            return default;
        }

        if (DeletionMetadata.Timestamp(obj) is { } timestamp)
        {
            var current = DeletionMetadata.GracePeriodSeconds(obj);
            if (current is null or 0)
            {
                return default; // its grace is over: the delete goes ahead
            }

            if (requested is not { } shorter || shorter >= current)
            {
                return new Outcome(Graceful: false, Pending: true, current.Value);
            }

            // Only a shorter grace period may be asked for once a deletion is under way.
            DeletionMetadata.Mark(obj, timestamp.AddSeconds(shorter - current.Value), shorter);
            return new Outcome(Graceful: true, Pending: false, shorter);
        }

        var grace = PodGracePeriod(obj, requested);
        DeletionMetadata.Mark(obj, now.AddSeconds(grace), grace);
        DeletionMetadata.BumpGeneration(obj);
        return new Outcome(Graceful: true, Pending: false, grace);
    }

    /// <summary>
    /// The grace a pod gets: the request's, else its own <c>spec.terminationGracePeriodSeconds</c>, else 30;
    /// none at all when it was never bound to a node or has already finished.
    /// </summary>
    private static long PodGracePeriod(JsonObject pod, long? requested)
    {
        var grace = requested
            ?? (pod["spec"]?["terminationGracePeriodSeconds"] is JsonValue own && own.TryGetValue<long>(out var seconds) ? seconds : DefaultPodGracePeriodSeconds);
        var nodeName = pod["spec"] is JsonObject spec ? ObjectJson.String(spec, "nodeName") : null;
        var phase = pod["status"] is JsonObject status ? ObjectJson.String(status, "phase") : null;
        if (string.IsNullOrEmpty(nodeName) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        return grace < 0 ? 1 : grace;
    }
}
