using System.Globalization;
using Berth.Api.Users;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Console;

/// <summary>How a refused password is answered, wherever one is checked.</summary>
internal static class SignInProblems
{
    /// <summary>
    /// 429 with <c>Retry-After</c>: too many attempts, and when to try again. Telling a locked-out
    /// user so (rather than "wrong password" for a right one) is what makes lockout bearable.
    /// </summary>
    public static IResult LockedOut(HttpContext context, PasswordCheck check)
    {
        var until = check.LockedUntil ?? DateTimeOffset.UtcNow;
        var seconds = Math.Max(1, (int)Math.Ceiling((until - DateTimeOffset.UtcNow).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(
            $"too many failed attempts: the account is locked until {until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Locked out");
    }

    /// <summary>The answer to a check that did not succeed, or null when it did.</summary>
    public static IResult? Refusal(HttpContext context, PasswordCheck check) => check.Outcome switch
    {
        PasswordCheckOutcome.LockedOut => LockedOut(context, check),
        PasswordCheckOutcome.TwoFactorRequired => TwoFactorRequired(),
        PasswordCheckOutcome.Failed => Failed(),
        _ => null,
    };

    public static IResult Failed() => Problems.Unauthorized("the user name or password is wrong");

    public static IResult TwoFactorRequired() =>
        Problems.Unauthorized("this account has two-factor sign-in: send the code from the authenticator app as 'code'",
            new Dictionary<string, object?> { ["twoFactorRequired"] = true });
}
