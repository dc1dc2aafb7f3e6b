using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;

namespace Berth.Engine.Resources.Apply;

/// <summary>
/// Server-side apply (<c>kubectl apply --server-side</c>, <c>application/apply-patch+yaml</c>): the
/// caller sends the fields it wants, as a named manager, and the server merges them into the object,
/// records that the manager owns them in <c>metadata.managedFields</c>, refuses with a conflict to
/// change a field another manager owns (unless forced, which takes the field over), and removes a
/// field the manager applied before and applies no longer, when nobody else owns it.
/// An object written before anyone applied to it gets its fields owned by <c>before-first-apply</c>,
/// as Kubernetes does for objects without managedFields.
/// </summary>
public static class ServerSideApply
{
    public const string BeforeFirstApply = "before-first-apply";

    /// <summary>The object to store after <paramref name="manager"/> applies <paramref name="applied"/> to <paramref name="live"/> (null: it does not exist yet).</summary>
    public static JsonObject Apply(ResourceType type, JsonObject? live, JsonObject applied, string manager, bool force, DateTimeOffset now)
    {
        var applySet = ObjectFields.Of(type, applied);
        var mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.ApplyOperation, type.ApiVersion, ManagedFieldsEntry.Timestamp(now), applySet);
        if (live is null)
        {
            var created = (JsonObject)applied.DeepClone();
            ManagedFieldsEntry.Write(created, [mine]);
            return created;
        }

        var entries = ManagedFieldsEntry.Read(live);
        if (entries.Count == 0)
        {
            entries.Add(new ManagedFieldsEntry(BeforeFirstApply, ManagedFieldsEntry.UpdateOperation, type.ApiVersion, null, ObjectFields.Of(type, live)));
        }

        var previous = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == ManagedFieldsEntry.ApplyOperation && e.Subresource is null);
        var others = entries.Where(e => !ReferenceEquals(e, previous)).ToList();
        TakeOver(type, live, applied, applySet, others, force);

        var result = ApplyMerge.Merge(type, live, applied);
        if (previous is not null)
        {
            RemoveDropped(result, previous.Fields.Except(applySet), applySet, others);
        }

        if (previous is not null && previous.Fields.SetEquals(applySet) && SameBeyondManagedFields(live, result))
        {
            mine = mine with { Time = previous.Time }; // a no-op apply leaves the object as it was, time included, so no new revision
        }

        ManagedFieldsEntry.Write(result, previous is null ? [.. others, mine] : entries.Select(e => ReferenceEquals(e, previous) ? mine : e));
        return result;
    }

    /// <summary>Fields the apply changes that other managers own: a conflict, or with force, theirs no longer.</summary>
    private static void TakeOver(ResourceType type, JsonObject live, JsonObject applied, FieldSet applySet, List<ManagedFieldsEntry> others, bool force)
    {
        var conflicts = new List<(ManagedFieldsEntry Owner, ManagedFieldPath Path)>();
        foreach (var path in applySet.Paths.Where(p => !p.IsSelf))
        {
            if (!ObjectFields.TryGet(live, path, out var current) || (ObjectFields.TryGet(applied, path, out var wanted) && JsonNode.DeepEquals(current, wanted)))
            {
                continue; // a new field, or the same value: nothing to fight over (an equal value is owned by both)
            }

            conflicts.AddRange(others.Where(o => o.Fields.Contains(path)).Select(o => (o, path)));
        }

        if (conflicts.Count == 0)
        {
            return;
        }

        if (!force)
        {
            throw ApplyConflicts.Error(type, ObjectJson.String(ObjectJson.Metadata(live), "name") ?? "", conflicts);
        }

        foreach (var (owner, path) in conflicts)
        {
            owner.Fields.Remove(path);
        }
    }

    /// <summary>
    /// Removes what the manager applied before and no longer does, unless another manager still owns
    /// it or something in it; a list or map left empty by that, and owned by nobody, goes too.
    /// </summary>
    private static void RemoveDropped(JsonObject result, FieldSet dropped, FieldSet applySet, List<ManagedFieldsEntry> others)
    {
        bool Owned(ManagedFieldPath path) => applySet.Touches(path) || others.Any(o => o.Fields.Touches(path));
        foreach (var path in dropped.Paths.OrderByDescending(p => p.Elements.Count))
        {
            var target = path.IsSelf ? path.Parent : path;
            if (Owned(target))
            {
                continue;
            }

            ObjectFields.Remove(result, path);
            for (var parent = target.Parent; parent.Elements.Count > 0 && !Owned(parent); parent = parent.Parent)
            {
                if (!ObjectFields.TryGet(result, parent, out var value) || value is not (JsonObject { Count: 0 } or JsonArray { Count: 0 }))
                {
                    break;
                }

                ObjectFields.Remove(result, parent);
            }
        }
    }

    private static bool SameBeyondManagedFields(JsonObject live, JsonObject result)
    {
        var a = (JsonObject)live.DeepClone();
        var b = (JsonObject)result.DeepClone();
        ObjectJson.Metadata(a).Remove("managedFields");
        ObjectJson.Metadata(b).Remove("managedFields");
        return JsonNode.DeepEquals(a, b);
    }
}
