using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="User">User name or email of the person to add.</param>
public sealed record MemberRequest(string? User, string? Role);

public sealed record RoleRequest(string? Role);

public sealed record MemberResponse(string User, string? Email, string Role, DateTimeOffset AddedAt);

/// <summary>
/// A workspace's members: every member may list them; owners and admins add, change and remove
/// (by <see cref="MemberRules"/>); anyone may remove themselves; the last owner stays.
/// </summary>
internal static class MemberEndpoints
{
    public static void MapMembers(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/members", async (HttpContext context, MemberRoster roster) =>
            Results.Ok((await roster.ListAsync(WorkspaceMembershipFilter.Of(context).Workspace, context.RequestAborted)).Select(Response)))
            .WithSummary("The workspace's members and their roles")
            .Produces<IEnumerable<MemberResponse>>();

        workspace.MapPost("/members", (MemberRequest request, HttpContext context, MemberRoster roster) =>
            WithRole(request.Role, async role =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                var added = await roster.AddAsync(membership.Workspace, membership.Role, request.User ?? "", role, context.RequestAborted);
                return Results.Created($"/console/v1/workspaces/{membership.Workspace.Name}/members/{added.User}", Response(added));
            }))
            .WithSummary("Invite a user, by user name or email, with a role (owners and admins; only owners grant owner)")
            .Produces<MemberResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        workspace.MapPatch("/members/{user}", (string user, RoleRequest request, HttpContext context, MemberRoster roster) =>
            WithRole(request.Role, async role =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                var caller = ConsoleCaller.Of(context).User;
                return Results.Ok(Response(await roster.ChangeRoleAsync(membership.Workspace, caller, membership.Role, user, role, context.RequestAborted)));
            }))
            .WithSummary("Change a member's role; the last owner cannot be demoted")
            .Produces<MemberResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        workspace.MapDelete("/members/{user}", async (string user, HttpContext context, MemberRoster roster) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                try
                {
                    await roster.RemoveAsync(membership.Workspace, ConsoleCaller.Of(context).User, membership.Role, user, context.RequestAborted);
                    return Results.NoContent();
                }
                catch (TenancyException e)
                {
                    return Problems.From(e);
                }
            })
            .WithSummary("Remove a member, or leave (one's own name); the last owner cannot leave")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> WithRole(string? text, Func<WorkspaceRole, Task<IResult>> action)
    {
        if (!WorkspaceRoles.TryParse(text, out var role))
        {
            return Problems.Invalid("role", $"must be one of {string.Join(", ", WorkspaceRoles.Names)}");
        }

        try
        {
            return await action(role);
        }
        catch (TenancyException e)
        {
            return Problems.From(e);
        }
    }

    private static MemberResponse Response(MemberView member) => new(member.User, member.Email, member.Role.Name(), member.AddedAt);
}
