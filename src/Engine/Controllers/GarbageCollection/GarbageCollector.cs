using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Controllers.GarbageCollection;

/// <summary>
/// Deletes what nothing owns any more, as Kubernetes' garbage collector does, over
/// <c>metadata.ownerReferences</c> (by uid) across every kind of a workspace:
/// <list type="bullet">
/// <item>Background: a dependent whose owners are all gone (absent, or another object by that name
/// now) is deleted; a dependent with a live owner just loses its dangling references.</item>
/// <item>Orphan: an owner being deleted with the <c>orphan</c> finalizer has its references
/// removed from every dependent, then loses the finalizer, which completes its delete.</item>
/// <item>Foreground: an owner being deleted with the <c>foregroundDeletion</c> finalizer has its
/// dependents deleted, and loses the finalizer once none that blocks it (blockOwnerDeletion) is left.</item>
/// </list>
/// An owner that the cache says is gone is looked up in the store before anything is deleted:
/// the cache may not have seen it yet, and a delete cannot be undone.
/// </summary>
public sealed class GarbageCollector(ControllerContext context) : Controller<ObjectRef>("garbage-collector", context, workers: 4)
{
    /// <summary>Objects by the uids of their owners, on every informer of the workspace.</summary>
    public const string OwnerIndex = "owner-uid";

    public override async Task AttachAsync(string workspace, CancellationToken ct)
    {
        var informers = new List<Informer>();
        foreach (var type in Context.Registry.Types)
        {
            var informer = await Context.Informers.SyncedAsync(workspace, type, ct);
            informer.Cache.AddIndex(OwnerIndex, o => o.OwnerReferences.Select(r => r.Uid));
            informers.Add(informer);
        }

        // Handlers only once every index exists: a handler may look for dependents of any kind.
        var handler = new ObjectHandler(
            added: obj => EnqueueIfOwnedOrFinalizing(workspace, obj),
            updated: (_, now) =>
            {
                EnqueueIfOwnedOrFinalizing(workspace, now);
                EnqueueOwnersWaitingForDependents(workspace, now);
            },
            deleted: last =>
            {
                foreach (var dependent in Dependents(workspace, last.Uid))
                {
                    Queue.Add(ObjectRef.To(workspace, dependent));
                }

                EnqueueOwnersWaitingForDependents(workspace, last);
            });
        informers.ForEach(i => i.AddHandler(handler));
    }

    protected override async Task<Reconciled> ReconcileAsync(ObjectRef key, CancellationToken ct)
    {
        if (Context.Informers.Find(key.Workspace, key.Type)?.Get(key.Namespace, key.Name) is not { } obj)
        {
            return Reconciled.Done; // gone: its dependents were queued by its delete
        }

        if (obj.IsDeleting)
        {
            if (obj.Finalizers.Contains(Finalizers.Orphan))
            {
                await OrphanDependentsAsync(key.Workspace, obj, ct);
            }
            else if (obj.Finalizers.Contains(Finalizers.ForegroundDeletion))
            {
                await DeleteDependentsFirstAsync(key.Workspace, obj, ct);
            }

            return Reconciled.Done; // otherwise it is on its way out already
        }

        if (obj.OwnerReferences.Count > 0)
        {
            await CollectIfUnownedAsync(key.Workspace, obj, ct);
        }

        return Reconciled.Done;
    }

    /// <summary>Orphan: every dependent forgets this owner; then the owner's <c>orphan</c> finalizer goes.</summary>
    private async Task OrphanDependentsAsync(string workspace, CachedObject owner, CancellationToken ct)
    {
        foreach (var dependent in Dependents(workspace, owner.Uid))
        {
            await Context.Client.UpdateAsync(workspace, dependent.Type, dependent.Namespace, dependent.Name, dependent.Uid,
                o => RemoveOwnerReferences(o, new HashSet<string>(StringComparer.Ordinal) { owner.Uid }), ct);
        }

        await Context.Client.UpdateAsync(workspace, owner.Type, owner.Namespace, owner.Name, owner.Uid,
            o => Finalizers.Remove(o, Finalizers.Orphan), ct);
    }

    /// <summary>
    /// Foreground: the dependents are deleted (each by its own reconcile, which sees this owner
    /// waiting); once none that blocks the owner is left, its <c>foregroundDeletion</c> finalizer goes.
    /// </summary>
    private async Task DeleteDependentsFirstAsync(string workspace, CachedObject owner, CancellationToken ct)
    {
        var dependents = Dependents(workspace, owner.Uid);
        var blocking = dependents.Where(d => d.OwnerReferences.Any(r => r.Uid == owner.Uid && r.BlockOwnerDeletion)).ToList();
        if (blocking.Count == 0)
        {
            await Context.Client.UpdateAsync(workspace, owner.Type, owner.Namespace, owner.Name, owner.Uid,
                o => Finalizers.Remove(o, Finalizers.ForegroundDeletion), ct);
            return;
        }

        foreach (var dependent in dependents.Where(d => !d.IsDeleting))
        {
            Queue.Add(ObjectRef.To(workspace, dependent));
        }
        // Each blocking dependent's delete queues this owner again (EnqueueOwnersWaitingForDependents).
    }

    /// <summary>Background: a dependent none of whose owners is left is deleted; a dependent with a live owner drops the references that dangle.</summary>
    private async Task CollectIfUnownedAsync(string workspace, CachedObject obj, CancellationToken ct)
    {
        var states = new List<(OwnerReference Reference, OwnerState State)>();
        foreach (var reference in obj.OwnerReferences)
        {
            states.Add((reference, await ResolveAsync(workspace, obj, reference, ct)));
        }

        var stale = states.Where(s => s.State != OwnerState.Solid).Select(s => s.Reference.Uid).ToHashSet(StringComparer.Ordinal);
        if (states.Any(s => s.State == OwnerState.Solid))
        {
            if (stale.Count > 0)
            {
                await Context.Client.UpdateAsync(workspace, obj.Type, obj.Namespace, obj.Name, obj.Uid, o => RemoveOwnerReferences(o, stale), ct);
            }

            return;
        }

        var ownerWaits = states.Any(s => s.State == OwnerState.WaitingForDependents);
        var policy = ownerWaits && Dependents(workspace, obj.Uid).Count > 0
            ? PropagationPolicy.Foreground // its own dependents must go first, so that the owner waiting on it waits for them too
            : PolicyFromFinalizers(obj);
        // Only the version judged unowned: the cache may lag a write that just dropped the reference
        // (an orphaning owner does exactly that before it goes), and that version must stay.
        await Context.Client.DeleteAsync(workspace, obj.Type, obj.Namespace, obj.Name, obj.Uid, policy, ct, obj.Revision);
    }

    /// <summary>Where an owner reference points: the cache first; when the cache says gone, the store, which is certain.</summary>
    private async Task<OwnerState> ResolveAsync(string workspace, CachedObject dependent, OwnerReference reference, CancellationToken ct)
    {
        if (Context.Registry.FindKind(reference.Group, reference.Kind) is not { } ownerType
            || (ownerType.Namespaced && dependent.Namespace is null))
        {
            // A kind Berth does not serve, or a namespaced owner of a cluster-scoped object: as in
            // Kubernetes, such a reference cannot be resolved, and nothing is collected for it.
            return OwnerState.Solid;
        }

        var ownerNamespace = ownerType.Namespaced ? dependent.Namespace : null;
        if (Context.Informers.Find(workspace, ownerType)?.Get(ownerNamespace, reference.Name) is { } cached && cached.Uid == reference.Uid)
        {
            return StateOf(cached.IsDeleting, cached.Finalizers);
        }

        var live = await Context.Client.GetAsync(workspace, ownerType, ownerNamespace, reference.Name, ct);
        if (live is null || ObjectJson.String(ObjectJson.Metadata(live), "uid") != reference.Uid)
        {
            return OwnerState.Absent;
        }

        return StateOf(ObjectJson.Metadata(live)["deletionTimestamp"] is not null, Finalizers.Of(live));
    }

    private static OwnerState StateOf(bool deleting, IReadOnlyList<string> finalizers) =>
        deleting && finalizers.Contains(Finalizers.ForegroundDeletion) ? OwnerState.WaitingForDependents : OwnerState.Solid;

    private static PropagationPolicy PolicyFromFinalizers(CachedObject obj) =>
        obj.Finalizers.Contains(Finalizers.Orphan) ? PropagationPolicy.Orphan
        : obj.Finalizers.Contains(Finalizers.ForegroundDeletion) ? PropagationPolicy.Foreground
        : PropagationPolicy.Background;

    /// <summary>The objects of every kind in the workspace that name <paramref name="ownerUid"/> as an owner.</summary>
    private List<CachedObject> Dependents(string workspace, string ownerUid)
    {
        var dependents = new List<CachedObject>();
        foreach (var type in Context.Registry.Types)
        {
            if (Context.Informers.Find(workspace, type) is { } informer)
            {
                dependents.AddRange(informer.Cache.ByIndex(OwnerIndex, ownerUid));
            }
        }

        return dependents;
    }

    private void EnqueueIfOwnedOrFinalizing(string workspace, CachedObject obj)
    {
        var finalizing = obj.IsDeleting && (obj.Finalizers.Contains(Finalizers.Orphan) || obj.Finalizers.Contains(Finalizers.ForegroundDeletion));
        if (obj.OwnerReferences.Count > 0 || finalizing)
        {
            Queue.Add(ObjectRef.To(workspace, obj));
        }
    }

    /// <summary>A dependent changed or went: an owner waiting in the foreground for its dependents looks again.</summary>
    private void EnqueueOwnersWaitingForDependents(string workspace, CachedObject dependent)
    {
        foreach (var reference in dependent.OwnerReferences)
        {
            if (Context.Registry.FindKind(reference.Group, reference.Kind) is not { } ownerType)
            {
                continue;
            }

            var owner = Context.Informers.Find(workspace, ownerType)?.Get(ownerType.Namespaced ? dependent.Namespace : null, reference.Name);
            if (owner is { IsDeleting: true } && owner.Uid == reference.Uid && owner.Finalizers.Contains(Finalizers.ForegroundDeletion))
            {
                Queue.Add(ObjectRef.To(workspace, owner));
            }
        }
    }

    private static bool RemoveOwnerReferences(JsonObject obj, IReadOnlySet<string> uids)
    {
        if (ObjectJson.Metadata(obj)["ownerReferences"] is not JsonArray references)
        {
            return false;
        }

        var removed = false;
        for (var i = references.Count - 1; i >= 0; i--)
        {
            if (references[i] is JsonObject reference && ObjectJson.String(reference, "uid") is { } uid && uids.Contains(uid))
            {
                references.RemoveAt(i);
                removed = true;
            }
        }

        if (references.Count == 0)
        {
            ObjectJson.Metadata(obj).Remove("ownerReferences");
        }

        return removed;
    }
}
