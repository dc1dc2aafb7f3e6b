using System.Text.Json.Nodes;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Resources.Patching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Kubernetes.Rest;

/// <summary>
/// The generic REST handler for every registered kind, under <c>/api/v1/…</c> and
/// <c>/apis/{group}/{version}/…</c>: each verb reads its target from the path, calls
/// <see cref="ResourceObjects"/> and writes what comes back. Any failure is a <c>Status</c>.
/// </summary>
internal static class ResourceEndpoints
{
    private static readonly Dictionary<string, PatchType> PatchTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/merge-patch+json"] = PatchType.Merge,
        ["application/strategic-merge-patch+json"] = PatchType.Strategic,
        ["application/json-patch+json"] = PatchType.Json,
    };

    public static RouteGroupBuilder MapResources(this RouteGroupBuilder workspace)
    {
        foreach (var prefix in new[] { "/api/v1/{**path}", "/apis/{group}/{version}/{**path}" })
        {
            workspace.MapGet(prefix, Get);
            workspace.MapPost(prefix, Create);
            workspace.MapPut(prefix, Update);
            workspace.MapPatch(prefix, Patch);
            workspace.MapDelete(prefix, Delete);
        }

        return workspace;
    }

    private static Task Get(HttpContext context, ResourceRegistry registry, ResourceObjects objects, TimeProvider time) =>
        Handle(context, registry, async (target, workspace, ct) =>
        {
            var format = ResponseFormat.Negotiate(context.Request, time);
            if (target.Name is not null)
            {
                return format.Object(target, target.Subresource == "scale"
                    ? await objects.GetScaleAsync(workspace, target.Type, target.Namespace, target.Name, ct)
                    : await objects.GetAsync(workspace, target.Type, target.Namespace, target.Name, ct));
            }

            var query = ListQuery.Parse(context.Request.Query, target.Type);
            if (query.Watch)
            {
                ObjectWatch watch;
                try
                {
                    watch = await objects.WatchAsync(workspace, target.Type, target.Namespace, query.Options, ct);
                }
                catch (ResourceException e) when (e.Code == StatusCodes.Status410Gone)
                {
                    await WatchStream.WriteErrorAsync(context, e);
                    return Results.Empty;
                }

                await using (watch)
                {
                    await WatchStream.WriteAsync(context, target.Type, watch, query, format.WatchEvents(target.Type));
                }

                return Results.Empty;
            }

            if (format.StreamsLists && ResourceObjects.ServesStoredBytes(target.Type))
            {
                // Streamed from the stored bytes, never built as objects.
                return format.StoredList(target.Type, await objects.ListStoredAsync(workspace, target.Type, target.Namespace, query.Options, ct));
            }

            var list = await objects.ListAsync(workspace, target.Type, target.Namespace, query.Options, ct);
            return format.List(target.Type, list, ListObject);
        });

    private static Task Create(HttpContext context, ResourceRegistry registry, ResourceObjects objects) =>
        Handle(context, registry, async (target, workspace, ct) =>
        {
            if (target.Name is not null || target.AllNamespaces)
            {
                return MethodNotAllowed(context);
            }

            var dryRun = DryRunQuery.IsSet(context.Request, "CreateOptions");
            var writer = objects.For(dryRun).As(FieldManagers.Of(context.Request, "CreateOptions"))
                .Knowing(Authentication.WorkspaceAccessFilter.NamespaceOf(context));
            var body = await RequestBodies.ReadObjectAsync(context.Request, ct, FieldValidation.ForObject(context, target, "CreateOptions"));
            // Written out as stored, not parsed again into an object only to be serialized.
            var created = await writer.CreateStoredAsync(workspace, target.Type, target.Namespace, body, ct);
            Audit.AuditName.Note(context, ObjectJson.String(ObjectJson.Metadata(body), "name"));
            Audit.AuditRevision.Note(context, created.Revision, dryRun);
            return KubeResults.Stored(created, StatusCodes.Status201Created);
        });

    private static Task Update(HttpContext context, ResourceRegistry registry, ResourceObjects objects) =>
        Handle(context, registry, async (target, workspace, ct) =>
        {
            if (target.Name is null)
            {
                return MethodNotAllowed(context);
            }

            var dryRun = DryRunQuery.IsSet(context.Request, "UpdateOptions");
            var writer = objects.For(dryRun).As(FieldManagers.Of(context.Request, "UpdateOptions"));
            var body = await RequestBodies.ReadObjectAsync(context.Request, ct, FieldValidation.ForObject(context, target, "UpdateOptions"));
            var updated = target.Subresource switch
            {
                "scale" => await writer.UpdateScaleAsync(workspace, target.Type, target.Namespace, target.Name, body, ct),
                "finalize" => await writer.FinalizeAsync(workspace, target.Name, body, ct),
                _ => await writer.UpdateAsync(workspace, target.Type, target.Namespace, target.Name, body, target.Subresource == "status", ct),
            };
            Audit.AuditRevision.Note(context, updated, dryRun);
            return KubeResults.Json(updated);
        });

    private static Task Patch(HttpContext context, ResourceRegistry registry, ResourceObjects objects) =>
        Handle(context, registry, async (target, workspace, ct) =>
        {
            if (target.Name is null)
            {
                return MethodNotAllowed(context);
            }

            var contentType = context.Request.ContentType?.Split(';')[0].Trim() ?? "";
            if (string.Equals(contentType, ApplyRequest.MediaType, StringComparison.OrdinalIgnoreCase) && target.Subresource is null)
            {
                return await ApplyRequest.HandleAsync(context, target, objects, workspace, ct);
            }

            if (!PatchTypes.TryGetValue(contentType, out var patchType))
            {
                // The answer Kubernetes gives for a patch type a resource does not accept.
                throw RequestBodies.UnsupportedMediaType(contentType, string.Join(", ", [.. PatchTypes.Keys, ApplyRequest.MediaType]));
            }

            if (target.Subresource == "finalize")
            {
                return MethodNotAllowed(context); // Kubernetes serves finalize for update only
            }

            var dryRun = DryRunQuery.IsSet(context.Request, "PatchOptions");
            var writer = objects.For(dryRun).As(FieldManagers.Of(context.Request, "PatchOptions"));
            var patch = await RequestBodies.ReadJsonAsync(context.Request, ct, FieldValidation.ForPatch(context, target, patchType));
            var patched = target.Subresource == "scale"
                ? await writer.PatchScaleAsync(workspace, target.Type, target.Namespace, target.Name, patch, patchType, ct)
                : await writer.PatchAsync(workspace, target.Type, target.Namespace, target.Name, patchType, patch, target.Subresource == "status", ct);
            Audit.AuditRevision.Note(context, patched, dryRun);
            return KubeResults.Json(patched);
        });

    private static Task Delete(HttpContext context, ResourceRegistry registry, ResourceObjects objects) =>
        Handle(context, registry, async (target, workspace, ct) =>
        {
            var collection = target.Name is null;
            if (target.Subresource is not null || (collection && (target.AllNamespaces || !target.Type.DeletesAsCollection)))
            {
                return MethodNotAllowed(context);
            }

            var options = await DeleteRequests.ReadOptionsAsync(context.Request, ct);
            if (collection)
            {
                var selected = ListQuery.Parse(context.Request.Query, target.Type).Options;
                return KubeResults.Json(ListObject(target.Type, await objects.DeleteCollectionAsync(workspace, target.Type, target.Namespace, selected, options, ct)));
            }

            var outcome = await objects.DeleteAsync(workspace, target.Type, target.Namespace, target.Name!, options, ct);
            Audit.AuditRevision.Note(context, outcome.Object, options.DryRun);
            return DeleteRequests.Answer(target.Type, outcome, options);
        });

    /// <summary>Resolves the target, runs the verb, and turns a refusal into its Status.</summary>
    private static async Task Handle(HttpContext context, ResourceRegistry registry, Func<ResourceTarget, string, CancellationToken, Task<IResult>> verb)
    {
        var route = context.Request.RouteValues;
        var target = ResourceTarget.Parse(registry, route["group"] as string ?? "", route["version"] as string ?? "v1", route["path"] as string ?? "");
        IResult result;
        if (target is null)
        {
            result = KubeResults.PathNotFound();
        }
        else
        {
            try
            {
                result = await verb(target, (string)route["workspace"]!, context.RequestAborted);
            }
            catch (ResourceException e)
            {
                result = KubeResults.Error(e);
            }
        }

        await result.ExecuteAsync(context);
    }

    private static IResult MethodNotAllowed(HttpContext context) =>
        KubeResults.Status(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({context.Request.Method})");

    private static JsonObject ListObject(ResourceType type, ObjectList list) =>
        new()
        {
            ["kind"] = type.Kind + "List",
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = list.Metadata(),
            ["items"] = new JsonArray(list.Items.Select(i => (JsonNode)i).ToArray()),
        };
}
