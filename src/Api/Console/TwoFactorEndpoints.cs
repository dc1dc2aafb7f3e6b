using Berth.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Console;

/// <summary>A new authenticator key, shown once, for the user to add to an authenticator app.</summary>
public sealed record AuthenticatorSetupResponse(string SharedKey, string AuthenticatorUri);

public sealed record TwoFactorCodeRequest(string? Code);

public sealed record TwoFactorDisableRequest(string? Password, string? Code);

/// <summary>
/// TOTP two-factor: make a key, prove the app has it with a code (only then is two-factor on),
/// and turn it off again with the password and a code (<see cref="TwoFactorSetup"/>, which the
/// dashboard's account page uses too).
/// </summary>
internal static class TwoFactorEndpoints
{
    public static void MapTwoFactor(this RouteGroupBuilder user)
    {
        user.MapPost("/user/two-factor", async (HttpContext context, TwoFactorSetup twoFactor) =>
            await twoFactor.NewKeyAsync(ConsoleCaller.Of(context).User, context.RequestAborted) is { } key
                ? Results.Ok(new AuthenticatorSetupResponse(key.SharedKey, key.Uri))
                : Problems.Conflict("two-factor sign-in is on: turn it off before making a new key"))
        .WithSummary("Make a new authenticator key (two-factor stays off until a code confirms it)")
        .Produces<AuthenticatorSetupResponse>()
        .ProducesProblem(StatusCodes.Status409Conflict);

        user.MapPost("/user/two-factor/enable", async (TwoFactorCodeRequest request, HttpContext context, TwoFactorSetup twoFactor) =>
        {
            var caller = ConsoleCaller.Of(context).User;
            if (!await twoFactor.HasKeyAsync(caller))
            {
                return Problems.Conflict("no authenticator key yet: POST /console/v1/user/two-factor first");
            }

            return await twoFactor.EnableAsync(caller, request.Code ?? "")
                ? Results.NoContent()
                : Problems.Invalid("code", "is not the authenticator's current code");
        })
        .WithSummary("Turn two-factor sign-in on, with a code from the authenticator app")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesValidationProblem();

        user.MapPost("/user/two-factor/disable", async (TwoFactorDisableRequest request, HttpContext context, PasswordSignIn signIn, TwoFactorSetup twoFactor) =>
        {
            var caller = ConsoleCaller.Of(context).User;
            var check = await signIn.CheckAsync(caller.UserName!, request.Password ?? "", request.Code);
            if (SignInProblems.Refusal(context, check) is { } refusal)
            {
                return refusal;
            }

            await twoFactor.DisableAsync(caller);
            return Results.NoContent();
        })
        .WithSummary("Turn two-factor sign-in off, with the password and a current code")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
