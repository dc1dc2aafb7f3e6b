using Berth.Api.Bootstrap;
using Berth.Api.Tenancy;
using Berth.Engine.Resources.Objects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="Name">To create one, or to rename one (owners).</param>
/// <param name="DevelopersReadSecrets">Whether developers may read its Secrets (owners and admins change it).</param>
public sealed record WorkspaceRequest(string? Name, bool? DevelopersReadSecrets = null);

/// <param name="Role">The caller's role in it.</param>
/// <param name="DevelopersReadSecrets">Whether its developers may read its Secrets.</param>
public sealed record WorkspaceResponse(string Name, string Role, DateTimeOffset CreatedAt, bool DevelopersReadSecrets);

/// <summary>The caller's workspaces: list them, make one (the caller owns it), read one.</summary>
internal static class WorkspaceEndpoints
{
    public static void MapWorkspaces(this RouteGroupBuilder user)
    {
        user.MapGet("/workspaces", async (HttpContext context, WorkspaceCatalog catalog) =>
        {
            var caller = ConsoleCaller.Of(context);
            var memberships = await catalog.ForUserAsync(caller.User.Id, context.RequestAborted);
            return Results.Ok(memberships.Where(m => caller.Token.Workspace is null || m.Workspace.Name == caller.Token.Workspace).Select(Response));
        })
        .WithSummary("The workspaces the caller is a member of (only the token's own, for a scoped token)")
        .Produces<IEnumerable<WorkspaceResponse>>();

        user.MapPost("/workspaces", async (WorkspaceRequest request, HttpContext context, WorkspaceCatalog catalog, ResourceObjects objects) =>
        {
            var caller = ConsoleCaller.Of(context);
            if (caller.Token.Workspace is not null)
            {
                return Problems.Forbidden($"the token is scoped to workspace '{caller.Token.Workspace}' and cannot create workspaces");
            }

            try
            {
                var workspace = await catalog.CreateAsync(request.Name ?? "", caller.User, context.RequestAborted);
                await StandardNamespaces.EnsureAsync(objects, workspace.Name, context.RequestAborted);
                return Results.Created($"/console/v1/workspaces/{workspace.Name}", Response(new Membership(workspace, WorkspaceRole.Owner)));
            }
            catch (TenancyException e)
            {
                return Problems.From(e);
            }
        })
        .WithSummary("Create a workspace, with Kubernetes' standard namespaces; the caller becomes its owner")
        .Produces<WorkspaceResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static void MapWorkspace(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/", (HttpContext context) => Results.Ok(Response(WorkspaceMembershipFilter.Of(context))))
            .WithSummary("One workspace of the caller's")
            .Produces<WorkspaceResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapPatch("/", async (WorkspaceRequest request, HttpContext context, WorkspaceChanges changes) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (request.Name is null && request.DevelopersReadSecrets is null)
                {
                    return Problems.Invalid("", "nothing to change: give a new name or developersReadSecrets");
                }

                try
                {
                    // The rename first: it is the one that can be refused (owners only, a taken or invalid
                    // name), and whoever may rename may change the Secret setting too, so a refused
                    // request changes nothing.
                    var changed = membership.Workspace;
                    if (request.Name is { } name)
                    {
                        changed = await changes.RenameAsync(membership, name, context.RequestAborted);
                    }

                    if (request.DevelopersReadSecrets is { } allowed)
                    {
                        changed = await changes.SetDevelopersReadSecretsAsync(membership with { Workspace = changed }, allowed, context.RequestAborted);
                    }

                    return Results.Ok(Response(membership with { Workspace = changed }));
                }
                catch (TenancyException e)
                {
                    return Problems.From(e);
                }
            })
            .WithSummary("Rename the workspace (owners): its objects, tokens and nodes move to the new name, which kubeconfigs must then name; and/or let developers read its Secrets or stop them (owners and admins)")
            .Produces<WorkspaceResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        workspace.MapDelete("/", async (HttpContext context, WorkspaceChanges changes) =>
            {
                try
                {
                    await changes.DeleteAsync(WorkspaceMembershipFilter.Of(context), context.RequestAborted);
                    return Results.NoContent();
                }
                catch (TenancyException e)
                {
                    return Problems.From(e);
                }
            })
            .WithSummary("Delete the workspace (owners) with everything in it: members, tokens, join tokens and node credentials at once, objects and revisions when purged")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static WorkspaceResponse Response(Membership membership) =>
        new(membership.Workspace.Name, membership.Role.Name(), membership.Workspace.CreatedAt, membership.Workspace.DevelopersReadSecrets);
}
