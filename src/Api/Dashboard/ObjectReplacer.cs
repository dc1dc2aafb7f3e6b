using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;
using YamlDotNet.RepresentationModel;

namespace Berth.Api.Dashboard;

/// <summary>
/// The dashboard's YAML editor saving an object: a replace (the API's PUT, <c>kubectl replace</c>)
/// conditional on the resourceVersion the user opened, so a change made meanwhile is a 409 the page
/// shows as "changed since you opened it" instead of being overwritten. Same role check, admission
/// and audit row as the API; errors are placed at their lines as Apply places them.
/// </summary>
internal sealed class ObjectReplacer(ResourceObjects objects, DashboardRights rights)
{
    public async Task<ApplyOutcome> ReplaceAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name,
        string yaml, string resourceVersion, bool dryRun, CancellationToken ct)
    {
        var (documents, unreadable) = ManifestApplier.Parse(yaml, dryRun);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (documents is not [var (root, json)] || json is not JsonObject obj)
        {
            return new ApplyOutcome(dryRun, [], [new ManifestError(0, $"the editor must hold exactly one object, this {type.Kind}")]);
        }

        return new ApplyOutcome(dryRun, [await ReplaceOneAsync(user, workspace, type, @namespace, name, root, obj, resourceVersion, dryRun, ct)], []);
    }

    private async Task<DocumentOutcome> ReplaceOneAsync(ClaimsPrincipal user, string workspace, ResourceType type, string? @namespace, string name,
        YamlNode root, JsonObject obj, string resourceVersion, bool dryRun, CancellationToken ct)
    {
        // The editor edits this object: renaming or moving it is a create elsewhere, which is Apply's job.
        if ((string?)obj["kind"] != type.Kind || (string?)obj["apiVersion"] != type.ApiVersion)
        {
            return ManifestApplier.Refused(type.Kind, @namespace, name, ManifestLines.LineOf(root, "kind"), $"this editor saves {type.ApiVersion} {type.Kind} only");
        }

        if ((string?)obj["metadata"]?["name"] != name || (type.Namespaced && ((string?)obj["metadata"]?["namespace"] ?? @namespace) != @namespace))
        {
            return ManifestApplier.Refused(type.Kind, @namespace, name, ManifestLines.LineOf(root, "metadata.name"), $"the name and namespace stay {@namespace}/{name} here; use Apply to make another object");
        }

        try
        {
            await rights.DemandAsync(user, workspace, "update", type, ct);
        }
        catch (DashboardException e)
        {
            return ManifestApplier.Refused(type.Kind, @namespace, name, ManifestLines.LineOf(root, "kind"), e.Message);
        }

        // The version the user opened, whatever the text says: saving over a newer one must be a conflict.
        if (obj["metadata"] is JsonObject metadata)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        try
        {
            var stored = await objects.For(dryRun).As(DashboardObjects.FieldManager).UpdateAsync(workspace, type, @namespace, name, obj, ct: ct);
            var changed = AuditRevision.Parse(stored) is { } revision && revision.ToString(CultureInfo.InvariantCulture) != resourceVersion;
            if (!dryRun)
            {
                await rights.AuditAsync(user, workspace, "update", type, @namespace, name, 200, revision: changed ? AuditRevision.Parse(stored) : null);
            }

            return new DocumentOutcome(type.Kind, @namespace, name, changed || dryRun ? "replaced" : "unchanged", []);
        }
        catch (ResourceException e)
        {
            if (!dryRun)
            {
                await rights.AuditAsync(user, workspace, "update", type, @namespace, name, e.Code);
            }

            if (e.Reason == "Conflict" && e.Causes.Count == 0)
            {
                return new DocumentOutcome(type.Kind, @namespace, name, DocumentOutcome.Conflict,
                    [new ManifestError(ManifestLines.LineOf(root, "metadata.resourceVersion"), $"{type.Kind} {name} was changed since you opened it")]);
            }

            var errors = e.Causes.Count > 0
                ? e.Causes.Select(c => new ManifestError(ManifestLines.LineOf(root, c.Field), $"{c.Field}: {c.Message}")).ToList()
                : [new ManifestError(ManifestLines.LineOf(root, "metadata.name"), e.Code == 404 ? $"{type.Kind} {name} no longer exists" : e.Message)];
            return new DocumentOutcome(type.Kind, @namespace, name, "refused", errors);
        }
    }
}
