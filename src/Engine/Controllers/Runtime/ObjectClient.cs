using System.Globalization;
using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Deletion;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Controllers.Runtime;

/// <summary>
/// How controllers read the truth and write: through <see cref="ResourceObjects"/>, the registry the
/// API uses, so admission and delete semantics (finalizers, deletionTimestamp) are the same for a
/// controller as for kubectl. Writes are guarded by uid, so a controller never changes a newer
/// object that took the name of the one it looked at, and by resourceVersion (compare-and-swap,
/// read again on conflict).
/// </summary>
public sealed class ObjectClient(ResourceObjects objects)
{
    // A read-change-write that keeps losing the race to other writers gives up and lets the queue retry later.
    private const int UpdateAttempts = 5;

    /// <summary>The object as the store has it now, or null.</summary>
    public async Task<JsonObject?> GetAsync(string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct)
    {
        try
        {
            return await objects.GetAsync(workspace, type, @namespace, name, ct);
        }
        catch (ResourceException e) when (e.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Whether the store holds any object of <paramref name="type"/> in <paramref name="namespace"/> now.</summary>
    public async Task<bool> AnyAsync(string workspace, ResourceType type, string @namespace, CancellationToken ct)
    {
        var page = await objects.ListAsync(workspace, type, @namespace, new ListOptions { Limit = 1 }, ct);
        return page.Items.Count > 0;
    }

    /// <summary>
    /// Deletes the object, with <paramref name="propagation"/>, if it is still the one with
    /// <paramref name="uid"/> (a uid precondition) and, when <paramref name="revision"/> is given, still
    /// the version the decision was made on; false when it is gone already, is another object now, or
    /// changed since (its change queues it again). An object with finalizers is only marked
    /// (deletionTimestamp) and stays until they are done.
    /// </summary>
    public async Task<bool> DeleteAsync(string workspace, ResourceType type, string? @namespace, string name, string uid, PropagationPolicy propagation, CancellationToken ct, long? revision = null)
    {
        try
        {
            var options = new DeleteOptions
            {
                PropagationPolicy = propagation,
                PreconditionUid = uid,
                PreconditionResourceVersion = revision?.ToString(CultureInfo.InvariantCulture),
            };
            await objects.DeleteAsync(workspace, type, @namespace, name, options, ct);
            return true;
        }
        catch (ResourceException e) when (e.Code == 404)
        {
            return false;
        }
        catch (ResourceException e) when (e.Reason == "Conflict")
        {
            // The uid precondition failed (the name belongs to another object now), or other writers
            // kept winning the race: only the latter is worth a retry.
            var now = await GetAsync(workspace, type, @namespace, name, ct);
            if (now is null || Uid(now) != uid || (revision is { } decided && ObjectJson.String(ObjectJson.Metadata(now), "resourceVersion") != decided.ToString(CultureInfo.InvariantCulture)))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>
    /// Reads the object, lets <paramref name="change"/> edit a copy (it returns false when nothing
    /// needs changing), and writes it back if it is still the version read; on a conflict it reads
    /// again. Returns the object as stored after, or null when it is gone (or is another object now).
    /// </summary>
    public Task<JsonObject?> UpdateAsync(string workspace, ResourceType type, string? @namespace, string name, string uid, Func<JsonObject, bool> change, CancellationToken ct) =>
        ReadChangeWrite(workspace, type, @namespace, name, uid, change,
            next => objects.UpdateAsync(workspace, type, @namespace, name, next, ct: ct), ct);

    /// <summary>As <see cref="UpdateAsync"/>, through the status subresource (only <c>status</c> changes).</summary>
    public Task<JsonObject?> UpdateStatusAsync(string workspace, ResourceType type, string? @namespace, string name, string uid, Func<JsonObject, bool> change, CancellationToken ct) =>
        ReadChangeWrite(workspace, type, @namespace, name, uid, change,
            next => objects.UpdateAsync(workspace, type, @namespace, name, next, statusOnly: true, ct), ct);

    /// <summary>
    /// Changes a namespace's <c>spec.finalizers</c> as <c>PUT namespaces/{name}/finalize</c> does; when
    /// none is left (and no <c>metadata.finalizers</c>) the namespace goes.
    /// </summary>
    public Task<JsonObject?> FinalizeNamespaceAsync(string workspace, string name, string uid, Func<JsonObject, bool> change, CancellationToken ct) =>
        ReadChangeWrite(workspace, BuiltInResources.Namespaces, null, name, uid, change,
            next => objects.FinalizeAsync(workspace, name, next, ct), ct);

    private async Task<JsonObject?> ReadChangeWrite(string workspace, ResourceType type, string? @namespace, string name, string uid,
        Func<JsonObject, bool> change, Func<JsonObject, Task<JsonObject>> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(workspace, type, @namespace, name, ct);
            if (current is null || Uid(current) != uid)
            {
                return null;
            }

            var next = (JsonObject)current.DeepClone();
            if (!change(next))
            {
                return current;
            }

            // Pin the version read: the write fails with Conflict if anyone wrote in between.
            ObjectJson.Metadata(next)["resourceVersion"] = ObjectJson.String(ObjectJson.Metadata(current), "resourceVersion");
            try
            {
                return await write(next);
            }
            catch (ResourceException e) when (e.Code == 404)
            {
                return null;
            }
            catch (ResourceException e) when (e.Reason == "Conflict" && attempt < UpdateAttempts)
            {
                // someone wrote in between: read again and redo the change on the newer object
            }
        }
    }

    private static string? Uid(JsonObject obj) => ObjectJson.String(ObjectJson.Metadata(obj), "uid");
}
