using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Deletion;

/// <summary>
/// How a namespace is born and dies, as Kubernetes' namespace registry and its NamespaceLifecycle
/// admission have it. A new namespace carries the <c>kubernetes</c> finalizer in <c>spec.finalizers</c>.
/// Deleting it marks it (deletionTimestamp, <c>status.phase: Terminating</c>) and it stays: nothing new
/// may be created in it, the namespace controller empties it and then takes its finalizer off through
/// the <c>finalize</c> subresource; once both <c>spec.finalizers</c> and <c>metadata.finalizers</c> are
/// empty it is removed.
/// </summary>
public static class NamespaceLifecycle
{
    public const string Terminating = "Terminating";

    // Kubernetes refuses to delete these, whatever the caller's rights.
    private static readonly HashSet<string> Immortal = ["default", "kube-system", "kube-public"];

    public static void PrepareForCreate(ResourceType type, JsonObject obj)
    {
        if (type != BuiltInResources.Namespaces)
        {
            return;
        }

        var finalizers = SpecFinalizers(obj).ToList();
        if (!finalizers.Contains(Finalizers.Kubernetes))
        {
            finalizers.Add(Finalizers.Kubernetes);
            SetSpecFinalizers(obj, finalizers);
        }
    }

    /// <summary>
    /// An ordinary update leaves <c>spec.finalizers</c> as they were: only the finalize subresource
    /// (<paramref name="finalize"/>) may change them.
    /// </summary>
    public static void PrepareForUpdate(ResourceType type, JsonObject current, JsonObject next, bool finalize)
    {
        if (type == BuiltInResources.Namespaces && !finalize)
        {
            SetSpecFinalizers(next, SpecFinalizers(current));
        }
    }

    /// <summary>Refuses (403, as Kubernetes) to create anything in a namespace that is being terminated.</summary>
    public static void CheckCreateIn(JsonObject @namespace, ResourceType type, string name)
    {
        if (@namespace["status"] is not JsonObject status || ObjectJson.String(status, "phase") != Terminating)
        {
            return;
        }

        var namespaceName = ObjectJson.String(ObjectJson.Metadata(@namespace), "name");
        throw new ResourceException(403, "Forbidden",
            $"{type.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {namespaceName} because it is being terminated")
        {
            Name = name,
            Group = type.Group,
            Kind = type.Plural,
            Causes = [new FieldCause("NamespaceTerminating", "metadata.namespace", $"namespace {namespaceName} is being terminated")],
        };
    }

    /// <summary>Refuses (403) to delete the namespaces every cluster relies on.</summary>
    internal static void CheckDeletable(JsonObject @namespace)
    {
        var name = ObjectJson.String(ObjectJson.Metadata(@namespace), "name") ?? "";
        if (Immortal.Contains(name))
        {
            var type = BuiltInResources.Namespaces;
            throw new ResourceException(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: this namespace may not be deleted")
            {
                Name = name,
                Kind = type.Plural,
            };
        }
    }

    /// <summary>
    /// The namespace registry's own delete: the first one marks the namespace Terminating; while
    /// <c>spec.finalizers</c> remain, later ones change nothing. Null when the generic rules apply
    /// (a terminating namespace whose spec.finalizers are done).
    /// </summary>
    internal static DeletionDecision? PlanDelete(JsonObject current, DeleteOptions options, DateTimeOffset now)
    {
        if (DeletionMetadata.IsDeleting(current))
        {
            return SpecFinalizers(current).Count > 0 ? new DeletionDecision(DeletionAction.Keep, current) : null;
        }

        var next = (JsonObject)current.DeepClone();
        ObjectJson.Metadata(next)["deletionTimestamp"] = ObjectAdmission.Timestamp(now);
        if (next["status"] is not JsonObject status)
        {
            status = new JsonObject();
            next["status"] = status;
        }

        status["phase"] = Terminating;
        var finalizers = Finalizers.Of(next).Where(f => f is not (Finalizers.Orphan or Finalizers.ForegroundDeletion)).ToList();
        var has = Finalizers.Of(current);
        if (ShouldHaveOrphanFinalizer(options, has))
        {
            finalizers.Add(Finalizers.Orphan);
        }

        if (ShouldHaveForegroundFinalizer(options, has))
        {
            finalizers.Add(Finalizers.ForegroundDeletion);
        }

        Finalizers.Set(next, finalizers);
        return new DeletionDecision(DeletionAction.Mark, next);
    }

    private static bool ShouldHaveOrphanFinalizer(DeleteOptions options, IReadOnlyList<string> finalizers)
    {
        if (options.OrphanDependents is { } orphan)
        {
            return orphan;
        }

        return options.PropagationPolicy is { } policy ? policy == PropagationPolicy.Orphan : finalizers.Contains(Finalizers.Orphan);
    }

    // The deprecated orphanDependents=false means foreground for a namespace, where the generic registry reads it as background.
    private static bool ShouldHaveForegroundFinalizer(DeleteOptions options, IReadOnlyList<string> finalizers)
    {
        if (options.OrphanDependents is { } orphan)
        {
            return !orphan;
        }

        return options.PropagationPolicy is { } policy ? policy == PropagationPolicy.Foreground : finalizers.Contains(Finalizers.ForegroundDeletion);
    }

    /// <summary>A terminating namespace goes only when its spec.finalizers are done too.</summary>
    internal static bool SpecFinalizersDone(ResourceType type, JsonObject obj) =>
        type != BuiltInResources.Namespaces || SpecFinalizers(obj).Count == 0;

    /// <summary>A namespace's <c>spec.finalizers</c>.</summary>
    public static IReadOnlyList<string> SpecFinalizers(JsonObject obj) => Finalizers.Strings(obj["spec"]?["finalizers"]);

    /// <summary>Sets a namespace's <c>spec.finalizers</c>, dropping the field when the list is empty.</summary>
    public static void SetSpecFinalizers(JsonObject obj, IReadOnlyList<string> finalizers)
    {
        if (obj["spec"] is not JsonObject spec)
        {
            if (finalizers.Count == 0)
            {
                return;
            }

            spec = new JsonObject();
            obj["spec"] = spec;
        }

        if (finalizers.Count == 0)
        {
            spec.Remove("finalizers");
        }
        else
        {
            spec["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode)JsonValue.Create(f)).ToArray());
        }
    }
}
