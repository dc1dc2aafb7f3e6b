using System.Text.Json.Nodes;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// Which garbage-collection finalizer a delete leaves on an object, as Kubernetes' generic registry
/// decides it: the request's policy first, then a finalizer the object already carries, then the
/// kind's default (batch/v1 Jobs orphan their pods unless told otherwise; Events take part in no
/// garbage collection at all).
/// </summary>
public static class GarbageCollectionPolicy
{
    private enum KindDefault
    {
        DeleteDependents,
        OrphanDependents,
        Unsupported,
    }

    /// <summary>The object's finalizers after the delete, and whether they differ from what it has.</summary>
    public static (bool Changed, IReadOnlyList<string> Finalizers) FinalizersAfterDelete(ResourceType type, JsonObject obj, DeleteOptions options)
    {
        var current = Deletion.Finalizers.Of(obj);
        var kindDefault = DefaultFor(type);
        if (kindDefault == KindDefault.Unsupported)
        {
            return (false, current);
        }

        var next = current.Where(f => f is not (Deletion.Finalizers.Orphan or Deletion.Finalizers.ForegroundDeletion)).ToList();
        if (ShouldOrphan(kindDefault, current, options))
        {
            next.Add(Deletion.Finalizers.Orphan);
        }

        if (ShouldDeleteInForeground(current, options))
        {
            next.Add(Deletion.Finalizers.ForegroundDeletion);
        }

        return next.ToHashSet().SetEquals(current) ? (false, current) : (true, next);
    }

    private static KindDefault DefaultFor(ResourceType type) => (type.Group, type.Plural) switch
    {
        ("batch", "jobs") => KindDefault.OrphanDependents, // kept for compatibility in batch/v1
        ("", "events") => KindDefault.Unsupported,
        _ => KindDefault.DeleteDependents,
    };

    private static bool ShouldOrphan(KindDefault kindDefault, IReadOnlyList<string> finalizers, DeleteOptions options)
    {
        if (options.OrphanDependents is { } orphan)
        {
            return orphan;
        }

        var policy = options.PropagationPolicy ?? PolicyOf(finalizers);
        return policy is null ? kindDefault == KindDefault.OrphanDependents : policy == PropagationPolicy.Orphan;
    }

    private static bool ShouldDeleteInForeground(IReadOnlyList<string> finalizers, DeleteOptions options) =>
        options.OrphanDependents is null && (options.PropagationPolicy ?? PolicyOf(finalizers)) == PropagationPolicy.Foreground;

    /// <summary>The policy an earlier delete left on the object, read from the first garbage-collection finalizer it carries.</summary>
    private static PropagationPolicy? PolicyOf(IReadOnlyList<string> finalizers) =>
        finalizers.FirstOrDefault(f => f is Deletion.Finalizers.Orphan or Deletion.Finalizers.ForegroundDeletion) switch
        {
            Deletion.Finalizers.Orphan => PropagationPolicy.Orphan,
            Deletion.Finalizers.ForegroundDeletion => PropagationPolicy.Foreground,
            _ => null,
        };
}
