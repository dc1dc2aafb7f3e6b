using Berth.Api.Audit;
using Berth.Api.Authentication;
using Berth.Api.Tenancy;
using Berth.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="Login">User name or email.</param>
/// <param name="Code">The authenticator code, for an account with two-factor on.</param>
/// <param name="Workspace">The one workspace the token opens; absent: every workspace of the user.</param>
public sealed record TokenRequest(string? Login, string? Password, string? Code, string? Workspace, bool ReadOnly, string? Description, DateTimeOffset? ExpiresAt);

/// <param name="Token">The secret: shown here once, never again (only its hash is kept).</param>
/// <param name="Role">The highest role it acts with; null: its user's role wherever it is used.</param>
public sealed record TokenResponse(string Id, string Token, string User, string? Workspace, bool ReadOnly, DateTimeOffset? ExpiresAt, string Name, string? Role = null)
{
    public static TokenResponse From(IssuedToken issued, NewToken request) =>
        new(issued.Id, issued.Secret, issued.User, issued.Workspace, issued.ReadOnly, request.ExpiresAt, request.Name, issued.Role?.Name());
}

/// <summary>
/// Signing in for a token: what scripts and kubectl users do instead of a cookie. The password
/// (and the authenticator code when two-factor is on) goes through <see cref="PasswordSignIn"/>,
/// so failures count toward lockout, and a locked account answers 429 with Retry-After.
/// </summary>
internal static class TokenEndpoints
{
    public static void MapTokenSignIn(this RouteGroupBuilder console) =>
        console.MapPost("/tokens", async (TokenRequest request, HttpContext context, PasswordSignIn signIn, WorkspaceCatalog workspaces, ApiTokenStore tokens, TimeProvider time) =>
        {
            if (string.IsNullOrEmpty(request.Login) || string.IsNullOrEmpty(request.Password))
            {
                return Problems.Invalid(string.IsNullOrEmpty(request.Login) ? "login" : "password", "is required");
            }

            if (request.ExpiresAt <= time.GetUtcNow())
            {
                return Problems.Invalid("expiresAt", "is in the past");
            }

            AuditSubject.Note(context, request.Login, null); // the attempted login, so a failed sign-in is recorded too
            var check = await signIn.CheckAsync(request.Login, request.Password, request.Code);
            if (SignInProblems.Refusal(context, check) is { } refusal)
            {
                return refusal;
            }

            var user = check.User!;
            if (request.Workspace is { } name && await workspaces.FindAsync(name, user.Id, context.RequestAborted) is null)
            {
                return Problems.NotFound($"no workspace '{name}'");
            }

            var wanted = new NewToken(user.UserName!, request.Workspace, request.Description ?? "console sign-in", request.ExpiresAt, request.ReadOnly);
            var issued = await tokens.IssueAsync(wanted, context.RequestAborted);
            AuditSubject.Note(context, issued.User, issued.Id);
            return Results.Created($"{ConsoleApi.Prefix}/user/tokens/{issued.Id}", TokenResponse.From(issued, wanted));
        })
        .WithSummary("Sign in with a password (and authenticator code) for an API token, scoped to one workspace or to all of the user's, optionally read-only")
        .Produces<TokenResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
