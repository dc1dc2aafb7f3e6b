using Berth.Api.Agents;
using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="Credential">The secret for <c>berth agent --token</c>; shown this once, stored only as a hash.</param>
public sealed record NodeCredentialResponse(string Id, string Credential, string Workspace, string Node);

/// <summary>
/// Node credentials, for machines joining a workspace as nodes (<c>berth agent --token</c>): admins
/// and owners issue one for a node name and revoke a node's credentials, which disconnects its agent
/// within seconds. (Join tokens, which let a machine fetch its own credential, build on this.)
/// </summary>
internal static class NodeCredentialEndpoints
{
    public static void MapNodeCredentials(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/nodes/{node}/credentials", async (string node, HttpContext context, NodeCredentialStore credentials) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (Refusal(membership, node) is { } refused)
                {
                    return refused;
                }

                var issued = await credentials.IssueAsync(membership.Workspace.Name, node, context.RequestAborted);
                return Results.Created($"/console/v1/workspaces/{membership.Workspace.Name}/nodes/{node}/credentials/{issued.Id}",
                    new NodeCredentialResponse(issued.Id, issued.Secret, issued.Workspace, issued.NodeName));
            })
            .WithSummary("Issue a credential for a node of this name (admins and owners); the secret is shown once")
            .Produces<NodeCredentialResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapDelete("/nodes/{node}/credentials", async (string node, HttpContext context, NodeCredentialStore credentials) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (Refusal(membership, node) is { } refused)
                {
                    return refused;
                }

                await credentials.RevokeAsync(membership.Workspace.Name, node, context.RequestAborted);
                return Results.NoContent();
            })
            .WithSummary("Revoke every credential of the node (admins and owners); its agent is disconnected within seconds")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IResult? Refusal(Membership membership, string node)
    {
        if (membership.Role < WorkspaceRole.Admin)
        {
            return Problems.Forbidden("only admins and owners of the workspace manage node credentials");
        }

        return NodeNames.IsValid(node) ? null : Problems.Invalid("node", NodeNames.Rule);
    }
}
