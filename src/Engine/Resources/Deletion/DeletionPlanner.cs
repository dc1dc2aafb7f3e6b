using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// Decides what a delete does, as Kubernetes' generic registry (<c>Store.Delete</c>) does: an object
/// with finalizers, or given one by the propagation policy, is only marked with a deletionTimestamp
/// and stays until they are gone; a pod on a node is marked for its grace period; anything else is
/// removed at once. Pure: it reads the object as stored and returns the decision; the caller writes.
/// </summary>
public static class DeletionPlanner
{
    public static DeletionDecision Plan(ResourceType type, JsonObject current, DeleteOptions options, DateTimeOffset now)
    {
        if (type == BuiltInResources.Namespaces)
        {
            NamespaceLifecycle.CheckDeletable(current);
        }

        Preconditions.Check(type, current, options);
        if (type == BuiltInResources.Namespaces && NamespaceLifecycle.PlanDelete(current, options, now) is { } namespaceStep)
        {
            return namespaceStep;
        }

        var next = (JsonObject)current.DeepClone();
        var graceful = GracefulDeletion.Begin(type, next, options.GracePeriodSeconds, now);
        if (graceful.Pending)
        {
            return new DeletionDecision(DeletionAction.Keep, current);
        }

        var (changed, finalizers) = GarbageCollectionPolicy.FinalizersAfterDelete(type, next, options);
        if (changed)
        {
            Finalizers.Set(next, finalizers);
        }

        if (finalizers.Count > 0)
        {
            if (!graceful.Graceful)
            {
                MarkAsDeleting(next, now);
            }

            return JsonNode.DeepEquals(next, current) ? new(DeletionAction.Keep, current) : new(DeletionAction.Mark, next);
        }

        // Kubernetes stores a grace-0 mark and then deletes; removing straight away ends in the same place.
        return graceful.Graceful && graceful.GracePeriodSeconds > 0
            ? new DeletionDecision(DeletionAction.Mark, next)
            : new DeletionDecision(DeletionAction.Remove, current);
    }

    /// <summary>
    /// The mark for an object that waits only on finalizers: deleted as of now (or earlier, if it
    /// already was), with no grace left, so removing the last finalizer removes it.
    /// </summary>
    private static void MarkAsDeleting(JsonObject obj, DateTimeOffset now)
    {
        var existing = DeletionMetadata.Timestamp(obj);
        if (existing is null)
        {
            DeletionMetadata.BumpGeneration(obj);
        }

        DeletionMetadata.Mark(obj, existing is { } earlier && earlier <= now ? earlier : now, 0);
    }
}
