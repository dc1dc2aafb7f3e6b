using Berth.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

public sealed record SignUpRequest(string? UserName, string? Email, string? Password);

public sealed record UserResponse(string UserName, string? Email, bool TwoFactorEnabled, DateTimeOffset CreatedAt);

/// <summary>The caller as the console sees them: their account, and what their token is limited to.</summary>
public sealed record CurrentUserResponse(string UserName, string? Email, bool TwoFactorEnabled, string? TokenWorkspace, bool TokenReadOnly);

public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>The account itself: sign-up (when the server allows it), who am I, and the password.</summary>
internal static class UserEndpoints
{
    public static void MapSignUp(this RouteGroupBuilder console, bool allowed) =>
        console.MapPost("/users", async (SignUpRequest request, UserManager<BerthUser> users, TimeProvider time) =>
        {
            if (!allowed)
            {
                return Problems.Forbidden("sign-up is turned off on this server: ask an operator for an account");
            }

            if (string.IsNullOrEmpty(request.UserName) || string.IsNullOrEmpty(request.Password))
            {
                return Problems.Invalid(string.IsNullOrEmpty(request.UserName) ? "userName" : "password", "is required");
            }

            var user = new BerthUser { UserName = request.UserName, Email = NullIfEmpty(request.Email), CreatedAt = time.GetUtcNow() };
            var created = await users.CreateAsync(user, request.Password);
            return created.Succeeded
                ? Results.Created($"/console/v1/users/{user.UserName}", Response(user))
                : Problems.From(created);
        })
        .WithSummary("Create an account (sign-up); refused with 403 when the server runs with --disable-signup")
        .Produces<UserResponse>(StatusCodes.Status201Created)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden);

    public static void MapCurrentUser(this RouteGroupBuilder user)
    {
        user.MapGet("/user", (HttpContext context) =>
        {
            var caller = ConsoleCaller.Of(context);
            return Results.Ok(new CurrentUserResponse(caller.User.UserName!, caller.User.Email, caller.User.TwoFactorEnabled, caller.Token.Workspace, caller.Token.ReadOnly));
        })
        .WithSummary("The user the token speaks for, and the token's limits")
        .Produces<CurrentUserResponse>();

        user.MapPost("/user/password", async (PasswordChangeRequest request, HttpContext context, PasswordSignIn signIn, UserManager<BerthUser> users) =>
        {
            var caller = ConsoleCaller.Of(context);
            if (string.IsNullOrEmpty(request.NewPassword))
            {
                return Problems.Invalid("newPassword", "is required");
            }

            var check = await signIn.VerifyPasswordAsync(caller.User, request.CurrentPassword ?? "");
            if (check.Outcome == PasswordCheckOutcome.LockedOut)
            {
                return SignInProblems.LockedOut(context, check);
            }

            if (check.Outcome != PasswordCheckOutcome.Succeeded)
            {
                return Problems.Invalid("currentPassword", "is not the current password");
            }

            var changed = await users.ChangePasswordAsync(caller.User, request.CurrentPassword!, request.NewPassword);
            return changed.Succeeded ? Results.NoContent() : Problems.From(changed, "newPassword");
        })
        .WithSummary("Change the password; a wrong current password counts toward lockout")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    public static UserResponse Response(BerthUser user) => new(user.UserName!, user.Email, user.TwoFactorEnabled, user.CreatedAt);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
