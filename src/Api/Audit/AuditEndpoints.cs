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
            if (!WorkspaceAuditQuery.MayRead(membership))
            {
                return Problems.Forbidden("only the workspace's owners and admins may read its audit log");
            }

            return await PageAsync(audit, WorkspaceAuditQuery.For(membership, user, resource, verb, since, until), limit, @continue, context.RequestAborted);
        })
        .WithSummary("The workspace's audit log, newest first, filtered by user, resource, verb and time range (owners and admins)")
        .Produces<AuditPage>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// <c>GET /console/v1/user/audit</c>: what the caller did, in every workspace and outside any
    /// (sign-ins, failed ones included, sign-up, creating workspaces), newest first: a personal
    /// security log. A token scoped to one workspace sees only that workspace's rows.
    /// </summary>
    public static void MapUserAudit(this RouteGroupBuilder user) =>
        user.MapGet("/user/audit", async (HttpContext context, AuditStore audit, string? resource, string? verb,
            DateTimeOffset? since, DateTimeOffset? until, int? limit, string? @continue) =>
        {
            var caller = ConsoleCaller.Of(context);
            var query = new AuditQuery(caller.Token.Workspace, caller.User.UserName, resource, verb, since, until);
            return await PageAsync(audit, query, limit, @continue, context.RequestAborted);
        })
        .WithSummary("The caller's own audit rows, newest first, in every workspace and outside any (sign-ins included), filtered by resource, verb and time range")
        .Produces<AuditPage>()
        .ProducesValidationProblem();

    private static async Task<IResult> PageAsync(AuditStore audit, AuditQuery query, int? limit, string? @continue, CancellationToken ct)
    {
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
        var items = await audit.ReadAsync(query with { Before = before, Limit = size }, ct);
        var next = items.Count == size ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Results.Ok(new AuditPage(items, next));
    }
}
