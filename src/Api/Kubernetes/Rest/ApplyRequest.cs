using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// A server-side apply request (<c>PATCH</c> with <c>application/apply-patch+yaml</c>, what
/// <c>kubectl apply --server-side</c> sends): the body is the configuration the manager named by
/// <c>fieldManager</c> wants; <c>force=true</c> takes over fields other managers own.
/// The body may be JSON (what kubectl sends) or YAML.
/// </summary>
internal static class ApplyRequest
{
    public const string MediaType = "application/apply-patch+yaml";

    public static async Task<IResult> HandleAsync(HttpContext context, ResourceTarget target, ResourceObjects objects, string workspace, CancellationToken ct)
    {
        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            throw new ResourceException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch")
            {
                Group = "meta.k8s.io",
                Kind = "PatchOptions",
                Causes = [new FieldCause("FieldValueRequired", "fieldManager", "Required value: is required for apply patch")],
            };
        }

        var force = query["force"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            var other => throw ResourceException.BadRequest($"invalid value for force: \"{other}\" (true or false)"),
        };
        var dryRun = DryRunQuery.IsSet(context.Request, "PatchOptions");
        var writer = objects.For(dryRun);
        var body = await RequestBodies.ReadJsonOrYamlAsync(context.Request, ct, FieldValidation.ForObject(context, target, "PatchOptions")) as JsonObject
            ?? throw ResourceException.BadRequest("the apply patch must be a JSON object");
        var (applied, created) = await writer.ApplyAsync(workspace, target.Type, target.Namespace, target.Name!, body, manager, force, ct);
        Audit.AuditRevision.Note(context, applied, dryRun);
        return KubeResults.Json(applied, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }
}
