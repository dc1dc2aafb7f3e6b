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

/// <summary>How a sign-up ended: no errors means the account exists and the browser is signed in.</summary>
/// <param name="Errors">What is wrong, by field (userName, email, password), in words for the form.</param>
public sealed record SignUpResult(IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Cookie sign-in and sign-out for the dashboard's pages, which render on the server with the
/// request at hand. The host implements it with the same password check, lockout and audit as the
/// console API's sign-in, so the dashboard has no second way in.
/// </summary>
public interface IDashboardAccounts
{
    Task<SignInAttempt> SignInAsync(HttpContext http, string login, string password, string? code);

    Task SignOutAsync(HttpContext http);

    /// <summary>Whether this server lets people make their own accounts (<c>--disable-signup</c> turns it off).</summary>
    bool SignUpAllowed { get; }

    /// <summary>Makes an account with the password rules of every account, and signs the browser in with it.</summary>
    Task<SignUpResult> SignUpAsync(HttpContext http, string userName, string? email, string password);
}
