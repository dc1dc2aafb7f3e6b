using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// Keeps <c>metadata.managedFields</c> true on ordinary writes (create, update, patch, scale), as
/// Kubernetes does: the fields a write sets or changes become its manager's (an <c>Update</c> entry,
/// e.g. <c>kubectl-client-side-apply</c>, <c>kubectl-edit</c>) and no longer anyone else's, and fields
/// that are gone are owned by nobody. So a later server-side apply conflicts with whoever changed a
/// field last, and kubectl can hand a client-side apply's fields over to server-side apply.
/// </summary>
public static class ManagedFieldsTracker
{
    /// <summary>Gives every field of a new object to <paramref name="manager"/>, unless the request brought managedFields of its own.</summary>
    public static void RecordCreate(ResourceType type, JsonObject created, string manager, DateTimeOffset now)
    {
        if (created["metadata"]?["managedFields"] is JsonArray { Count: > 0 })
        {
            return;
        }

        var fields = ObjectFields.Of(type, created);
        ManagedFieldsEntry.Write(created, [Entry(type, manager, fields, subresource: null, now)]);
    }

    /// <summary>
    /// Records the write of <paramref name="next"/> over <paramref name="current"/> by <paramref name="manager"/>.
    /// Managed fields the request changed itself (kubectl rewrites them to move a client-side apply to
    /// server-side apply; <c>[]</c> clears them) are the starting point; otherwise the stored ones are.
    /// </summary>
    public static void RecordUpdate(ResourceType type, JsonObject current, JsonObject next, string manager, string? subresource, DateTimeOffset now)
    {
        var stored = current["metadata"]?["managedFields"];
        var sent = next["metadata"]?["managedFields"];
        var entries = ManagedFieldsEntry.Read(sent is not null && !JsonNode.DeepEquals(sent, stored) ? next : current);

        var changed = new FieldSet(ObjectFields.Of(type, next).Paths.Where(p => Changed(current, next, p)));
        var gone = false;
        foreach (var entry in entries)
        {
            foreach (var path in entry.Fields.Paths.Where(p => changed.Contains(p) || !ObjectFields.TryGet(next, p, out _)).ToList())
            {
                gone |= entry.Fields.Remove(path);
            }
        }

        if (changed.IsEmpty && !gone && (sent is null || JsonNode.DeepEquals(sent, stored)))
        {
            SetManagedFields(next, stored); // nothing moved: the stored bytes, so an unchanged object stays unchanged
            return;
        }

        if (!changed.IsEmpty)
        {
            var index = entries.FindIndex(e => e.Manager == manager && e.Operation == ManagedFieldsEntry.UpdateOperation && e.Subresource == subresource);
            var fields = new FieldSet(index < 0 ? changed.Paths : [.. entries[index].Fields.Paths, .. changed.Paths]);
            var mine = Entry(type, manager, fields, subresource, now);
            if (index < 0)
            {
                entries.Add(mine);
            }
            else
            {
                entries[index] = mine;
            }
        }

        ManagedFieldsEntry.Write(next, entries);
    }

    private static bool Changed(JsonObject current, JsonObject next, ManagedFieldPath path) =>
        !ObjectFields.TryGet(current, path, out var before) || (!path.IsSelf && ObjectFields.TryGet(next, path, out var after) && !JsonNode.DeepEquals(before, after));

    private static ManagedFieldsEntry Entry(ResourceType type, string manager, FieldSet fields, string? subresource, DateTimeOffset now) =>
        new(manager, ManagedFieldsEntry.UpdateOperation, type.ApiVersion, ManagedFieldsEntry.Timestamp(now), fields) { Subresource = subresource };

    private static void SetManagedFields(JsonObject obj, JsonNode? managedFields)
    {
        var metadata = ObjectJson.Metadata(obj);
        if (managedFields is null)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = managedFields.DeepClone();
        }
    }
}
