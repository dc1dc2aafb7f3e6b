using Berth.Api.Agents;
using Berth.Api.Tenancy;
using Berth.Api.Tls;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="Description">What the token is for, as its creator put it.</param>
/// <param name="ExpiresAt">Absent: it never expires.</param>
public sealed record JoinTokenRequest(string? Description, DateTimeOffset? ExpiresAt);

/// <param name="Token">For <c>berth agent --token</c>, with the hash of the server's CA: only in the answer to its creation, never again.</param>
public sealed record JoinTokenResponse(string Id, string? Token, string Workspace, string Description, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Join tokens of a workspace (<see cref="JoinTokenStore"/>): admins and owners create them, list
/// them and revoke them. A machine trades one for a node credential of its own when it joins;
/// revoking the token stops further joins, and the nodes already joined stay.
/// </summary>
internal static class JoinTokenEndpoints
{
    private const string Route = "/join-tokens";

    public static void MapJoinTokens(this RouteGroupBuilder workspace)
    {
        workspace.MapPost(Route, async (JoinTokenRequest? request, HttpContext context, JoinTokenStore tokens, ServerCertificates certificates, TimeProvider time) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (Refusal(membership) is { } refused)
                {
                    return refused;
                }

                if (request?.ExpiresAt <= time.GetUtcNow())
                {
                    return Problems.Invalid("expiresAt", "is in the past");
                }

                var (info, text) = await MintAsync(tokens, certificates, membership.Workspace.Name, request?.Description ?? "",
                    ConsoleCaller.Of(context).User.UserName!, request?.ExpiresAt, context.RequestAborted);
                return Results.Created($"{ConsoleApi.Prefix}/workspaces/{membership.Workspace.Name}{Route}/{info.Id}", Response(info, text));
            })
            .WithSummary("Create a join token (admins and owners); the token, with the hash of the server's CA, is shown this once")
            .Produces<JoinTokenResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapGet(Route, async (HttpContext context, JoinTokenStore tokens) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                return Refusal(membership)
                    ?? Results.Ok((await tokens.ListAsync(membership.Workspace.Name, context.RequestAborted)).Select(t => Response(t, null)));
            })
            .WithSummary("List the workspace's join tokens, revoked and expired ones included, without their secrets (admins and owners)")
            .Produces<JoinTokenResponse[]>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapDelete(Route + "/{id}", async (string id, HttpContext context, JoinTokenStore tokens) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (Refusal(membership) is { } refused)
                {
                    return refused;
                }

                return await tokens.RevokeAsync(membership.Workspace.Name, id, context.RequestAborted)
                    ? Results.NoContent()
                    : Problems.NotFound($"no join token '{id}' in workspace '{membership.Workspace.Name}'");
            })
            .WithSummary("Revoke a join token (admins and owners): no machine joins with it any more; nodes that joined keep their credentials")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public const string CreateRoute = ConsoleApi.Prefix + "/workspaces/{workspace}" + Route;

    /// <summary>Who may create, list and revoke join tokens: admins and owners (the dashboard asks the same).</summary>
    public static bool MayManage(WorkspaceRole role) => role >= WorkspaceRole.Admin;

    /// <summary>Issues a join token and writes it as <c>berth agent --token</c> takes it: with the server's CA hash when it has its own CA.</summary>
    public static async Task<(JoinTokenInfo Info, string Token)> MintAsync(JoinTokenStore tokens, ServerCertificates certificates, string workspace,
        string description, string createdBy, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        var issued = await tokens.IssueAsync(workspace, description, createdBy, expiresAt, ct);
        return (issued.Info, new JoinToken(certificates.AuthorityHash, issued.Secret).ToString());
    }

    private static IResult? Refusal(Membership membership) =>
        MayManage(membership.Role) ? null : Problems.Forbidden("only admins and owners of the workspace manage join tokens");

    private static JoinTokenResponse Response(JoinTokenInfo info, string? token) =>
        new(info.Id, token, info.Workspace, info.Description, info.CreatedBy, info.CreatedAt, info.ExpiresAt, info.RevokedAt);
}
