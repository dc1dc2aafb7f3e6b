using Berth.Api.Console;
using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Audit;

/// <summary>One page of the audit log; <c>Continue</c> (absent on the last page) asks for the next, older one.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, string? Continue);

/// <summary>
/// <c>GET /console/v1/workspaces/{workspace}/audit</c>: the workspace's audit log, newest first,
/// for its owners and admins (403 for developers and viewers; 404, as everywhere, for non-members).
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxLimit = 500;

    public static void MapAudit(this RouteGroupBuilder workspace) =>
        workspace.MapGet("/audit", async (HttpContext context, AuditStore audit, string? user, string? resource, string? verb,
            DateTimeOffset? since, DateTimeOffset? until, int? limit, string? @continue) =>
        {
            var membership = WorkspaceMembershipFilter.Of(context);
            if (membership.Role < WorkspaceRole.Admin)
            {
                return Problems.Forbidden("only the workspace's owners and admins may read its audit log");
            }

            if (limit is < 1 or > MaxLimit)
            {
                return Problems.Invalid("limit", $"must be between 1 and {MaxLimit}");
            }

            long? before = null;
            if (@continue is not null)
            {
                if (!long.TryParse(@continue, out var cursor) || cursor < 1)
                {
                    return Problems.Invalid("continue", "is not a cursor this server gave");
                }

                before = cursor;
            }

            var size = limit ?? 100;
            // Rows under this name from before the workspace took it are another workspace's
            // (one deleted, or renamed away): never shown to this one's members.
            var named = membership.Workspace.NamedAt;
            var from = since is { } asked && asked > named ? asked : named;
            var items = await audit.ReadAsync(
                new AuditQuery(membership.Workspace.Name, user, resource, verb, from, until, before, size), context.RequestAborted);
            var next = items.Count == size ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Results.Ok(new AuditPage(items, next));
        })
        .WithSummary("The workspace's audit log, newest first, filtered by user, resource, verb and time range (owners and admins)")
        .Produces<AuditPage>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
