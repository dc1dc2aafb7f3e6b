using Berth.Api.Authorization;
using Berth.Api.Dashboard;
using Berth.Api.Tenancy;
using Berth.Engine.Resources;
using Berth.Web.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <summary>
/// <c>GET /console/v1/workspaces/{workspace}/history/{resource}/{name}?namespace=&amp;group=</c>: one
/// object's revisions with who made each, as the dashboard's History tab shows them, for any member
/// whose role (capped by the token's) may get the kind; also after the object is deleted.
/// </summary>
internal static class HistoryEndpoints
{
    public static void MapHistory(this RouteGroupBuilder workspace) =>
        workspace.MapGet("/history/{resource}/{name}", async (HttpContext context, ResourceRegistry registry, DashboardHistory history,
            string resource, string name, string? @namespace, string? group) =>
        {
            var membership = WorkspaceMembershipFilter.Of(context);
            if (registry.Types.FirstOrDefault(t => t.Group == (group ?? "") && t.Plural == resource) is not { } type)
            {
                return Problems.NotFound($"no resource '{resource}' in group '{group}'");
            }

            var request = KubernetesRequest.For("get", type);
            var access = new MemberAccess(membership.Role, membership.Workspace.DevelopersReadSecrets);
            if (!WorkspaceRights.Allows(access, request))
            {
                return Problems.Forbidden(WorkspaceRights.Reason(access, request) ?? $"your role may not read {type.Plural}");
            }

            var scope = type.Namespaced ? @namespace ?? "default" : null;
            return Results.Ok(await history.ReadAsync(membership.Workspace.Name, type, scope, name, context.RequestAborted));
        })
        .WithSummary("One object's stored revisions, oldest first, with who made each and its YAML (a Secret's values masked); also once deleted")
        .Produces<RevisionHistory>()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
