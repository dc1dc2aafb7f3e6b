using Berth.Api.Authentication;
using Berth.Api.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <summary>
/// A signed-in user's own API tokens: make one (scoped to a workspace or not, capped at a role,
/// read-only, expiring; the secret is in the answer once), list them (never their secrets), revoke
/// one. A revocation holds from the next request on every replica: tokens are verified uncached.
/// </summary>
internal static class UserTokenEndpoints
{
    private const string Route = "/user/tokens";

    public static void MapUserTokens(this RouteGroupBuilder user)
    {
        user.MapPost(Route, async (NewTokenRequest request, HttpContext context, WorkspaceCatalog workspaces, ApiTokenStore tokens, TimeProvider time) =>
            {
                var (wanted, refusal) = await TokenGrants.CheckAsync(request, ConsoleCaller.Of(context), workspaces, time.GetUtcNow(), context.RequestAborted);
                if (refusal is not null)
                {
                    return refusal.ToProblem();
                }

                var issued = await tokens.IssueAsync(wanted!, context.RequestAborted);
                return Results.Created($"{ConsoleApi.Prefix}{Route}/{issued.Id}", TokenResponse.From(issued, wanted!));
            })
            .WithSummary("Create an API token for the caller: scoped to one workspace or all of theirs, at most the caller's role, optionally read-only and expiring; the secret is shown this once")
            .Produces<TokenResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        user.MapGet(Route, async (HttpContext context, ApiTokenStore tokens) =>
            {
                var caller = ConsoleCaller.Of(context);
                var mine = await tokens.ListOfUserAsync(caller.User.UserName!, context.RequestAborted);
                // A scoped token sees only the tokens of its own workspace, as it sees only that workspace.
                return Results.Ok(mine.Where(t => caller.Token.Workspace is null || t.Workspace == caller.Token.Workspace).Select(ApiTokenResponse.From));
            })
            .WithSummary("The caller's API tokens, newest first, revoked and expired ones included, without their secrets")
            .Produces<ApiTokenResponse[]>();

        user.MapDelete(Route + "/{id}", async (string id, HttpContext context, ApiTokenStore tokens) =>
            {
                // A scoped token revokes only tokens of its own workspace, as it sees only those.
                var caller = ConsoleCaller.Of(context);
                return await tokens.RevokeOfUserAsync(id, caller.User.UserName!, caller.Token.Workspace, context.RequestAborted)
                    ? Results.NoContent()
                    : Problems.NotFound($"no live token '{id}' of yours");
            })
            .WithSummary("Revoke one of the caller's API tokens: it is refused from the next request on, on every server")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
