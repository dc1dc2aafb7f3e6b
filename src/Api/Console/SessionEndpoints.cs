using Berth.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <param name="Login">User name or email.</param>
/// <param name="Code">The authenticator code, for an account with two-factor on.</param>
public sealed record SessionRequest(string? Login, string? Password, string? Code);

/// <summary>
/// Cookie sign-in for browsers (<see cref="CookieSessions"/>): the same password check, lockout
/// and audit as signing in for a token, answered with a session cookie instead of a secret. The
/// dashboard's sign-in form uses the same code.
/// </summary>
internal static class SessionEndpoints
{
    public static void MapSessions(this RouteGroupBuilder console)
    {
        console.MapPost("/session", async (SessionRequest request, HttpContext context) =>
        {
            if (string.IsNullOrEmpty(request.Login) || string.IsNullOrEmpty(request.Password))
            {
                return Problems.Invalid(string.IsNullOrEmpty(request.Login) ? "login" : "password", "is required");
            }

            var check = await CookieSessions.SignInAsync(context, request.Login, request.Password, request.Code);
            return SignInProblems.Refusal(context, check) ?? Results.NoContent();
        })
        .WithSummary("Sign in with a password (and authenticator code) for a session cookie, as the dashboard does")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

        console.MapDelete("/session", async (HttpContext context) =>
        {
            await CookieSessions.SignOutAsync(context);
            return Results.NoContent();
        })
        .WithSummary("Sign out: the session cookie is cleared")
        .Produces(StatusCodes.Status204NoContent);
    }
}
