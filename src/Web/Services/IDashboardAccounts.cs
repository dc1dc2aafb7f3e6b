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

/// <summary>An authenticator key: as text, as the otpauth URI, and as that URI in a QR code (SVG markup).</summary>
public sealed record AuthenticatorSetup(string SharedKey, string Uri, string QrSvg);

/// <summary>The signed-in account as its settings page shows it.</summary>
/// <param name="PendingKey">A key made and not yet confirmed with a code (two-factor still off), to show again.</param>
public sealed record AccountSummary(string UserName, string? Email, bool TwoFactorEnabled, AuthenticatorSetup? PendingKey = null);

/// <summary>How a change to the account ended, in words for the page, and the account as it is now.</summary>
public sealed record AccountChange(bool Succeeded, string Message, AccountSummary? Account = null);

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

    /// <summary>The account the browser is signed in as, or null when it is not.</summary>
    Task<AccountSummary?> AccountAsync(HttpContext http);

    /// <summary>A new password (the current one proves it is the user); other sessions end, this one goes on.</summary>
    Task<AccountChange> ChangePasswordAsync(HttpContext http, string currentPassword, string newPassword);

    /// <summary>A new authenticator key (two-factor stays off until a code proves the app has it); null when two-factor is on already.</summary>
    Task<AuthenticatorSetup?> NewAuthenticatorKeyAsync(HttpContext http);

    /// <summary>Two-factor on, when the code is the new key's current one; other sessions end, this one goes on.</summary>
    Task<AccountChange> EnableTwoFactorAsync(HttpContext http, string code);

    /// <summary>Two-factor off, with the password and a current code; other sessions end, this one goes on.</summary>
    Task<AccountChange> DisableTwoFactorAsync(HttpContext http, string password, string code);
}
