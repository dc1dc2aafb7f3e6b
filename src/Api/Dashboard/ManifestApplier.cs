using System.Security.Claims;
using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Api.Kubernetes.Rest;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Api.Dashboard;

/// <summary>
/// The dashboard's "Apply YAML": each document of a manifest, in order, by server-side apply as
/// <c>kubectl apply --server-side --force-conflicts</c> does it (the dashboard is the field manager),
/// after the same role check as the API; a dry run goes through admission and validation and
/// stores nothing. Every refusal is turned into errors at the lines of the fields concerned.
/// </summary>
internal sealed class ManifestApplier(ResourceObjects objects, ResourceRegistry registry, DashboardRights rights)
{
    public async Task<ApplyOutcome> ApplyAsync(ClaimsPrincipal user, string workspace, string manifest, bool dryRun, CancellationToken ct)
    {
        var (documents, unreadable) = Parse(manifest, dryRun);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (documents.Count == 0)
        {
            return new ApplyOutcome(dryRun, [], [new ManifestError(0, "the manifest holds no object")]);
        }

        var outcomes = new List<DocumentOutcome>();
        foreach (var (root, json) in documents)
        {
            outcomes.Add(await ApplyOneAsync(user, workspace, root, json, dryRun, ct));
        }

        return new ApplyOutcome(dryRun, outcomes, []);
    }

    private async Task<DocumentOutcome> ApplyOneAsync(ClaimsPrincipal user, string workspace, YamlNode root, JsonNode? json, bool dryRun, CancellationToken ct)
    {
        if (json is not JsonObject obj)
        {
            return Refused("?", null, "?", ManifestLines.LineOf(root, null), "a document must be an object with apiVersion, kind and metadata.name");
        }

        var apiVersion = (string?)obj["apiVersion"] ?? "";
        var kind = (string?)obj["kind"] ?? "";
        var name = (string?)obj["metadata"]?["name"] ?? "";
        var group = apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";
        if (registry.FindKind(group, kind) is not { } type || (apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion) != type.Version)
        {
            return Refused(kind, null, name, ManifestLines.LineOf(root, kind.Length == 0 ? "apiVersion" : "kind"),
                $"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        }

        var @namespace = type.Namespaced ? (string?)obj["metadata"]?["namespace"] ?? "default" : null;
        if (name.Length == 0)
        {
            return Refused(kind, @namespace, name, ManifestLines.LineOf(root, "metadata.name"), "metadata.name: Required value: name is required");
        }

        try
        {
            await rights.DemandAsync(user, workspace, "patch", type, ct);
        }
        catch (DashboardException e)
        {
            return Refused(kind, @namespace, name, ManifestLines.LineOf(root, "kind"), e.Message);
        }

        string? before = null;
        try
        {
            before = ResourceVersion(await objects.GetAsync(workspace, type, @namespace, name, ct));
        }
        catch (ResourceException e) when (e.Code == 404)
        {
        }

        try
        {
            var target = dryRun ? objects.DryRun : objects.As(DashboardObjects.FieldManager);
            var (stored, created) = await target.ApplyAsync(workspace, type, @namespace, name, obj, DashboardObjects.FieldManager, force: true, ct);
            var result = created ? "created" : ResourceVersion(stored) == before ? "unchanged" : "configured";
            if (!dryRun)
            {
                await rights.AuditAsync(user, workspace, created ? "create" : "patch", type, @namespace, name, created ? 201 : 200, revision: result == "unchanged" ? null : AuditRevision.Parse(stored));
            }

            return new DocumentOutcome(kind, @namespace, name, result, []);
        }
        catch (ResourceException e)
        {
            if (!dryRun)
            {
                await rights.AuditAsync(user, workspace, before is null ? "create" : "patch", type, @namespace, name, e.Code);
            }

            var errors = e.Causes.Count > 0
                ? e.Causes.Select(c => new ManifestError(ManifestLines.LineOf(root, c.Field), $"{c.Field}: {c.Message}")).ToList()
                : [new ManifestError(ManifestLines.LineOf(root, "metadata.name"), e.Message)];
            return new DocumentOutcome(kind, @namespace, name, "refused", errors);
        }
    }

    /// <summary>The documents of a manifest with the YAML tree of each (for lines), or, when it cannot be read, the outcome that says where.</summary>
    internal static (IReadOnlyList<(YamlNode Root, JsonNode? Json)> Documents, ApplyOutcome? Unreadable) Parse(string manifest, bool dryRun)
    {
        try
        {
            return (YamlBodies.ParseDocuments(manifest), null);
        }
        catch (YamlException e)
        {
            return ([], new ApplyOutcome(dryRun, [], [new ManifestError((int)e.Start.Line, $"not valid YAML: {e.Message}")]));
        }
        catch (ResourceException e)
        {
            return ([], new ApplyOutcome(dryRun, [], [new ManifestError(0, e.Message)]));
        }
    }

    private static string? ResourceVersion(JsonObject obj) => (string?)obj["metadata"]?["resourceVersion"];

    internal static DocumentOutcome Refused(string kind, string? @namespace, string name, int line, string message) =>
        new(kind, @namespace, name, "refused", [new ManifestError(line, message)]);
}
