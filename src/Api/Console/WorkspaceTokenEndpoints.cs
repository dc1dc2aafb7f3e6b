using Berth.Api.Authentication;
using Berth.Api.Tenancy;
using Berth.Api.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <summary>
/// API tokens as a workspace sees them: admins and owners list every member's tokens scoped to the
/// workspace and revoke any of them (a departing colleague's CI token, say); any member downloads a
/// kubeconfig for the workspace, which mints a token of their own for it.
/// </summary>
internal static class WorkspaceTokenEndpoints
{
    public const string KubeconfigMediaType = "application/yaml";

    private const string Route = "/tokens";

    public static void MapWorkspaceTokens(this RouteGroupBuilder workspace)
    {
        workspace.MapGet(Route, async (HttpContext context, ApiTokenStore tokens) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                return Refusal(membership)
                    ?? Results.Ok((await tokens.ListOfWorkspaceAsync(membership.Workspace.Name, context.RequestAborted)).Select(ApiTokenResponse.From));
            })
            .WithSummary("Every member's API tokens scoped to the workspace, newest first, without their secrets (admins and owners)")
            .Produces<ApiTokenResponse[]>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapDelete(Route + "/{id}", async (string id, HttpContext context, ApiTokenStore tokens) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                if (Refusal(membership) is { } refused)
                {
                    return refused;
                }

                return await tokens.RevokeInWorkspaceAsync(id, membership.Workspace.Name, context.RequestAborted)
                    ? Results.NoContent()
                    : Problems.NotFound($"no live token '{id}' in workspace '{membership.Workspace.Name}'");
            })
            .WithSummary("Revoke a token scoped to the workspace, whoever made it (admins and owners)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        workspace.MapPost("/kubeconfig", async (NewTokenRequest? request, HttpContext context, WorkspaceCatalog workspaces, ApiTokenStore tokens,
                ServerCertificates certificates, TimeProvider time) =>
            {
                var membership = WorkspaceMembershipFilter.Of(context);
                var asked = (request ?? new NewTokenRequest(null, null, null, false, null)) with { Workspace = membership.Workspace.Name };
                asked = asked with { Name = string.IsNullOrWhiteSpace(asked.Name) ? "kubeconfig" : asked.Name };
                var (wanted, refusal) = await TokenGrants.CheckAsync(asked, ConsoleCaller.Of(context), workspaces, time.GetUtcNow(), context.RequestAborted);
                if (refusal is not null)
                {
                    return refusal.ToProblem();
                }

                var issued = await tokens.IssueAsync(wanted!, context.RequestAborted);
                var server = ServerAddress(context.Request);
                var text = Kubeconfig.Render(server, membership.Workspace.Name, issued.User, certificates.AuthorityPem, issued.Secret, certificates.ServerNameFor(server));
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"berth-{membership.Workspace.Name}.kubeconfig\"";
                return Results.Text(text, KubeconfigMediaType);
            })
            .WithSummary("A kubeconfig for the workspace with a new token of the caller's (same rules as creating a token; name defaults to 'kubeconfig'); the token inside is shown this once")
            .Produces<string>(StatusCodes.Status200OK, KubeconfigMediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// Where kubectl should reach this server: the host the caller used, over TLS on the same port
    /// (every port offers TLS; kubectl sends tokens only over TLS and checks the embedded CA).
    /// </summary>
    private static Uri ServerAddress(HttpRequest request) => new($"https://{request.Host.Value}/");

    private static IResult? Refusal(Membership membership) =>
        membership.Role < WorkspaceRole.Admin ? Problems.Forbidden("only admins and owners see and revoke the workspace's tokens") : null;
}
