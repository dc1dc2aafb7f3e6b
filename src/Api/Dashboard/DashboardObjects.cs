using System.Security.Claims;
using Berth.Api.Audit;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;

namespace Berth.Api.Dashboard;

/// <summary>Reads and writes objects for the dashboard through <see cref="ResourceObjects"/>, as the API would for the same user.</summary>
internal sealed class DashboardObjects(ResourceObjects objects, DashboardRights rights, ManifestApplier manifests, ObjectReplacer replacer, DashboardHistory history) : IDashboardObjects
{
    /// <summary>What the dashboard's writes are recorded as in managedFields, as kubectl's are as "kubectl-…".</summary>
    public const string FieldManager = "berth-dashboard";

    public async Task<ObjectDocument?> GetAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default)
    {
        if (!await rights.AllowsAsync(user, workspace, "get", type, ct))
        {
            return null;
        }

        try
        {
            // A Secret's values leave the host only through an audited reveal (DashboardSecrets).
            var obj = SecretRedaction.Redact(type, await objects.GetAsync(workspace, type, @namespace, name, ct));
            return new ObjectDocument(obj, ObjectYaml.Write(obj));
        }
        catch (ResourceException e) when (e.Code == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default)
    {
        await rights.DemandAsync(user, workspace, "delete", type, ct);
        try
        {
            var deleted = await objects.As(FieldManager).DeleteAsync(workspace, type, @namespace, name, ct);
            await rights.AuditAsync(user, workspace, "delete", type, @namespace, name, 200, revision: AuditRevision.Parse(deleted));
        }
        catch (ResourceException e)
        {
            await rights.AuditAsync(user, workspace, "delete", type, @namespace, name, e.Code);
            throw new DashboardException(e.Code == 404 ? $"{type.Kind} {name} is gone already." : e.Message);
        }
    }

    public Task<ApplyOutcome> ApplyAsync(ClaimsPrincipal user, string workspace, string manifest, bool dryRun, CancellationToken ct = default) =>
        manifests.ApplyAsync(user, workspace, manifest, dryRun, ct);

    public Task<ApplyOutcome> ReplaceAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, string yaml, string resourceVersion, bool dryRun, CancellationToken ct = default) =>
        replacer.ReplaceAsync(user, workspace, type, @namespace, name, yaml, resourceVersion, dryRun, ct);

    public Task<RevisionHistory?> HistoryAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, CancellationToken ct = default) =>
        history.HistoryAsync(user, workspace, type, @namespace, name, ct);

    public Task<bool> AuthorMayBeKnownAsync(string workspace, long revision, CancellationToken ct = default) =>
        history.AuthorMayBeKnownAsync(workspace, revision, ct);

    public Task<long> RestoreAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name, long revision, CancellationToken ct = default) =>
        history.RestoreAsync(user, workspace, type, @namespace, name, revision, ct);
}
