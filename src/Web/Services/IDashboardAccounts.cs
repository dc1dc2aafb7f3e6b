using Microsoft.AspNetCore.Http;

namespace Berth.Web.Services;

/// <summary>How a sign-in through the dashboard ended.</summary>
public enum SignInOutcome
{
    SignedIn,
    Failed,
    TwoFactorRequired,
    LockedOut,
}

/// <param name="LockedUntil">When <see cref="SignInOutcome.LockedOut"/>: when the account opens again.</param>
public sealed record SignInAttempt(SignInOutcome Outcome, DateTimeOffset? LockedUntil = null);

/// <summary>
/// Cookie sign-in and sign-out for the dashboard's pages, which render on the server with the
/// request at hand. The host implements it with the same password check, lockout and audit as the
/// console API's sign-in, so the dashboard has no second way in.
/// </summary>
public interface IDashboardAccounts
{
    Task<SignInAttempt> SignInAsync(HttpContext http, string login, string password, string? code);

    Task SignOutAsync(HttpContext http);
}
