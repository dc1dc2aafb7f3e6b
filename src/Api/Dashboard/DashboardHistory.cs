using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Api.Replicas;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>
/// An object's History tab: its revisions from the append-only store (what compaction kept, also
/// after a delete) with who made each, from the audit log; and Restore, which writes an old
/// revision's labels, annotations and spec as a new revision through the same role check,
/// admission and audit row as an API update.
/// </summary>
internal sealed class DashboardHistory(IRevisionStore store, ResourceObjects objects, AuditStore audit, DashboardRights rights,
    AuditedRevisions audited, ReplicaDirectory replicas)
{
    /// <summary>The most revisions a history lists (the newest); older ones are still stored, and restorable by number, but not listed.</summary>
    public const int MaxRevisions = 200;

    /// <summary>How long a reader waits for the audit row of a write it saw before the row was stored (rows are stored within milliseconds).</summary>
    public static readonly TimeSpan AuthorWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the author of <paramref name="revision"/>, not in the history just read, may now be
    /// known: true as soon as this server has stored its audit row; after <see cref="AuthorWait"/>
    /// without it, true only while another replica is alive (the write may have gone through it,
    /// which stores the row there), false on a lone server (a controller's write: no row comes).
    /// </summary>
    public async Task<bool> AuthorMayBeKnownAsync(string workspace, long revision, CancellationToken ct) =>
        await audited.WaitAsync(workspace, revision, AuthorWait, ct) || replicas.OthersAlive;

    public async Task<RevisionHistory?> HistoryAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct)
    {
        return await rights.AllowsAsync(user, workspace, "get", type, ct) ? await ReadAsync(workspace, type, @namespace, name, ct) : null;
    }

    /// <summary>The history, for a caller that has checked the reader's right to get the kind (the console API, with the token's role).</summary>
    public async Task<RevisionHistory> ReadAsync(string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct)
    {
        var changes = await store.HistoryAsync(workspace, ResourceKeys.For(type, @namespace, name), ct);
        var compacted = await store.CompactedRevisionAsync(workspace, ct);
        if (changes.Count == 0)
        {
            return new RevisionHistory([], compacted, Exists: false);
        }

        // Only the newest ones are shown, each as YAML: an object written every few seconds (a status
        // that keeps moving) can keep thousands within the retention window.
        var omitted = Math.Max(0, changes.Count - MaxRevisions);
        var shownChanges = changes.Skip(omitted).ToList();
        var rows = RevisionAuthors.ByRevision(await audit.ReadRevisionsAsync(workspace, type.Plural, @namespace, name, shownChanges[0].Revision, changes[^1].Revision, ct));
        var mask = IsSecret(type) ? new SecretValueMask() : null;
        var revisions = new List<ObjectRevision>(shownChanges.Count);
        var previous = omitted > 0 ? ObjectJson.FromStore(changes[omitted - 1].Object) : null;
        foreach (var change in shownChanges)
        {
            var value = ObjectJson.FromStore(change.Object);
            var (author, at) = RevisionAuthors.Of(change, value, previous, rows);
            var shown = mask?.Apply(value) ?? value.DeepClone().AsObject();
            // Who wrote which field when is in the Who and When columns; in every diff it would only be noise.
            shown["metadata"]?.AsObject().Remove("managedFields");
            revisions.Add(new ObjectRevision(change.Revision, change.Type.ToString().ToLowerInvariant(), at, author, ObjectYaml.Write(shown), rows.ContainsKey(change.Revision)));
            previous = value;
        }

        return new RevisionHistory(revisions, compacted, Exists: changes[^1].Type != WatchEventType.Deleted) { Omitted = omitted };
    }

    public async Task<long> RestoreAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, long revision, CancellationToken ct)
    {
        JsonObject? current = null;
        try
        {
            current = await objects.GetAsync(workspace, type, @namespace, name, ct);
        }
        catch (ResourceException e) when (e.Code == 404)
        {
        }

        var verb = current is null ? "create" : "update";
        await rights.DemandAsync(user, workspace, verb, type, ct);
        var old = (await store.HistoryAsync(workspace, ResourceKeys.For(type, @namespace, name), ct)).FirstOrDefault(c => c.Revision == revision)
            ?? throw new DashboardException($"Revision {revision} of {type.Kind} {name} is no longer stored (compacted).");
        var restored = RestoredObject.Of(ObjectJson.FromStore(old.Object), current);
        var writer = objects.As(DashboardObjects.FieldManager);
        try
        {
            var stored = current is null
                ? await writer.CreateAsync(workspace, type, @namespace, restored, ct)
                : await writer.UpdateAsync(workspace, type, @namespace, name, restored, ct: ct);
            var written = AuditRevision.Parse(stored) ?? 0;
            var changed = current is null || AuditRevision.Parse(current) != written;
            await rights.AuditAsync(user, workspace, verb, type, @namespace, name, current is null ? 201 : 200, revision: changed ? written : null);
            return written;
        }
        catch (ResourceException e)
        {
            await rights.AuditAsync(user, workspace, verb, type, @namespace, name, e.Code);
            throw new DashboardException(e.Code == 409 ? $"{type.Kind} {name} changed while restoring; try again." : e.Message);
        }
    }

    private static bool IsSecret(ResourceType type) => type.Group.Length == 0 && type.Plural == "secrets";
}
