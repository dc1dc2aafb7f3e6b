using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Controllers.Runtime;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Controllers.Namespaces;

/// <summary>
/// Empties namespaces that are being deleted, as Kubernetes' namespace controller does: for a
/// namespace with a deletionTimestamp whose <c>spec.finalizers</c> still holds <c>kubernetes</c>,
/// it deletes every namespaced object in it (every kind of the registry), reports what is left in
/// the namespace's status conditions while objects with finalizers linger, and once nothing is
/// left removes <c>kubernetes</c> from <c>spec.finalizers</c> (the finalize subresource), after
/// which the API removes the namespace.
/// </summary>
public sealed class NamespaceController(ControllerContext context) : Controller<ObjectRef>("namespace", context, workers: 2)
{
    /// <summary>How soon a namespace whose content lingers is looked at again, besides when its objects go.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    private IEnumerable<ResourceType> NamespacedTypes => Context.Registry.Types.Where(t => t.Namespaced);

    public override async Task AttachAsync(string workspace, CancellationToken ct)
    {
        var namespaces = await Context.Informers.SyncedAsync(workspace, BuiltInResources.Namespaces, ct);
        var contents = new List<Informer>();
        foreach (var type in NamespacedTypes)
        {
            contents.Add(await Context.Informers.SyncedAsync(workspace, type, ct));
        }

        namespaces.AddHandler(ObjectHandler.ForEach(ns =>
        {
            if (ns.IsDeleting)
            {
                Queue.Add(ObjectRef.To(workspace, ns));
            }
        }));

        // An object leaving a terminating namespace may be the last one: look at the namespace again then.
        var contentGone = new ObjectHandler(deleted: last =>
        {
            if (last.Namespace is { } name && namespaces.Get(null, name) is { IsDeleting: true } ns)
            {
                Queue.Add(ObjectRef.To(workspace, ns));
            }
        });
        contents.ForEach(i => i.AddHandler(contentGone));
    }

    protected override async Task<Reconciled> ReconcileAsync(ObjectRef key, CancellationToken ct)
    {
        var ns = Context.Informers.Find(key.Workspace, BuiltInResources.Namespaces)?.Get(null, key.Name);
        if (ns is not { IsDeleting: true } || !NamespaceLifecycle.SpecFinalizers(ns.Object).Contains(Finalizers.Kubernetes))
        {
            return Reconciled.Done;
        }

        var content = await DeleteContentAsync(key.Workspace, key.Name, ct);
        if (content.IsEmpty && !await AnyLeftInStoreAsync(key.Workspace, key.Name, ct))
        {
            await Context.Client.FinalizeNamespaceAsync(key.Workspace, key.Name, ns.Uid,
                o => RemoveSpecFinalizer(o, Finalizers.Kubernetes), ct);
            return Reconciled.Done;
        }

        await ReportAsync(key.Workspace, ns, content, ct);
        if (content.DeleteFailures.Count > 0)
        {
            throw new InvalidOperationException($"namespace {key.Name}: {string.Join("; ", content.DeleteFailures)}");
        }

        return Reconciled.After(Recheck);
    }

    private static bool RemoveSpecFinalizer(JsonObject ns, string finalizer)
    {
        var current = NamespaceLifecycle.SpecFinalizers(ns);
        if (!current.Contains(finalizer))
        {
            return false;
        }

        NamespaceLifecycle.SetSpecFinalizers(ns, current.Where(f => f != finalizer).ToList());
        return true;
    }

    /// <summary>Deletes every object in the namespace that is not on its way out already, and counts what is still there.</summary>
    private async Task<NamespaceContent> DeleteContentAsync(string workspace, string @namespace, CancellationToken ct)
    {
        var content = new NamespaceContent();
        foreach (var type in NamespacedTypes)
        {
            if (Context.Informers.Find(workspace, type) is not { } informer)
            {
                continue;
            }

            foreach (var obj in informer.List(@namespace))
            {
                if (!obj.IsDeleting)
                {
                    try
                    {
                        await Context.Client.DeleteAsync(workspace, type, @namespace, obj.Name, obj.Uid, PropagationPolicy.Background, ct);
                    }
                    catch (ResourceException e)
                    {
                        content.DeleteFailures.Add($"{type.QualifiedResource} \"{obj.Name}\": {e.Message}");
                    }
                }

                content.Count(type, obj.Finalizers);
            }
        }

        return content;
    }

    /// <summary>The caches may lag the store: before the namespace goes for good, the store itself must show it empty.</summary>
    private async Task<bool> AnyLeftInStoreAsync(string workspace, string @namespace, CancellationToken ct)
    {
        foreach (var type in NamespacedTypes)
        {
            if (await Context.Client.AnyAsync(workspace, type, @namespace, ct))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes what is left into the namespace's status conditions, when that changed, as kubectl describe shows them.</summary>
    private async Task ReportAsync(string workspace, CachedObject ns, NamespaceContent content, CancellationToken ct)
    {
        var now = Context.Options.Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        await Context.Client.UpdateStatusAsync(workspace, BuiltInResources.Namespaces, null, ns.Name, ns.Uid, o =>
        {
            if (o["status"] is not JsonObject status)
            {
                o["status"] = status = new JsonObject();
            }

            if (status["conditions"] is not JsonArray conditions)
            {
                status["conditions"] = conditions = [];
            }

            var changed = false;
            foreach (var (type, isTrue, reason, message) in content.Conditions())
            {
                changed |= SetCondition(conditions, type, isTrue ? "True" : "False", reason, message, now);
            }

            return changed;
        }, ct);
    }

    private static bool SetCondition(JsonArray conditions, string type, string status, string reason, string message, string now)
    {
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectJson.String(c, "type") == type);
        if (existing is not null && ObjectJson.String(existing, "status") == status
            && ObjectJson.String(existing, "reason") == reason && ObjectJson.String(existing, "message") == message)
        {
            return false;
        }

        var transition = existing is not null && ObjectJson.String(existing, "status") == status
            ? ObjectJson.String(existing, "lastTransitionTime") ?? now
            : now;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = transition,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }

        return true;
    }
}
