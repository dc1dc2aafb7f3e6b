using Berth.Api.Audit;
using Berth.Api.Users;
using Berth.Web.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Dashboard;

/// <summary>
/// The dashboard's sign-in and sign-up forms, through the one cookie sign-in the console API uses
/// too, and the same account rules (Identity's password and user name checks) as its sign-up.
/// </summary>
internal sealed class DashboardAccounts(
    UserManager<BerthUser> users, TwoFactorSetup twoFactor, PasswordSignIn passwords, DashboardOptions options, AuditLog audit, TimeProvider time) : IDashboardAccounts
{
    public bool SignUpAllowed => options.AllowSignUp;

    public async Task<SignInAttempt> SignInAsync(HttpContext http, string login, string password, string? code)
    {
        var check = await CookieSessions.SignInAsync(http, login, password, string.IsNullOrWhiteSpace(code) ? null : code);
        return check.Outcome switch
        {
            PasswordCheckOutcome.Succeeded => new SignInAttempt(SignInOutcome.SignedIn),
            PasswordCheckOutcome.TwoFactorRequired => new SignInAttempt(SignInOutcome.TwoFactorRequired),
            PasswordCheckOutcome.LockedOut => new SignInAttempt(SignInOutcome.LockedOut, check.LockedUntil),
            _ => new SignInAttempt(SignInOutcome.Failed),
        };
    }

    public Task SignOutAsync(HttpContext http) => CookieSessions.SignOutAsync(http);

    public async Task<SignUpResult> SignUpAsync(HttpContext http, string userName, string? email, string password)
    {
        if (!options.AllowSignUp)
        {
            return Refused("", "Sign-up is turned off on this server: ask an operator for an account.");
        }

        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return Refused(string.IsNullOrWhiteSpace(userName) ? "userName" : "password", "is required");
        }

        var user = new BerthUser { UserName = userName.Trim(), Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), user.UserName, null, null, "post", null, "/sign-up", null, null, null,
            created.Succeeded ? StatusCodes.Status201Created : StatusCodes.Status400BadRequest, "dashboard"));
        if (!created.Succeeded)
        {
            return new SignUpResult(created.Errors.GroupBy(e => FieldOf(e.Code)).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        }

        await CookieSessions.SignInAsync(http, user.UserName, password, null);
        return new SignUpResult(new Dictionary<string, string[]>());
    }

    public async Task<AccountSummary?> AccountAsync(HttpContext http) =>
        await CookieSessions.UserOfAsync(http.User, users) is { } user ? await SummaryAsync(user) : null;

    public Task<AccountChange> ChangePasswordAsync(HttpContext http, string currentPassword, string newPassword) =>
        ChangeAsync(http, "/account/password", async user =>
        {
            // Through the password check, as the console's change: a wrong current password counts toward lockout.
            var check = await passwords.VerifyPasswordAsync(user, currentPassword);
            if (check.Outcome != PasswordCheckOutcome.Succeeded)
            {
                return new AccountChange(false, check.Outcome == PasswordCheckOutcome.LockedOut
                    ? "Too many failed attempts: the account is locked for now."
                    : "The current password is not right.");
            }

            var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            return changed.Succeeded
                ? new AccountChange(true, "Password changed. Every other session of yours is signed out.")
                : new AccountChange(false, string.Join(" ", changed.Errors.Select(e => e.Description)));
        });

    public async Task<AuthenticatorSetup?> NewAuthenticatorKeyAsync(HttpContext http)
    {
        return await CookieSessions.UserOfAsync(http.User, users) is { } user && await twoFactor.NewKeyAsync(user, http.RequestAborted) is { } key
            ? Setup(key)
            : null;
    }

    public Task<AccountChange> EnableTwoFactorAsync(HttpContext http, string code) =>
        ChangeAsync(http, "/account/two-factor", async user =>
            !await twoFactor.HasKeyAsync(user) ? new AccountChange(false, "Set up a key first.")
            : await twoFactor.EnableAsync(user, code) ? new AccountChange(true, "Two-factor sign-in is on: signing in now asks for a code from your app.")
            : new AccountChange(false, "That code is not right. Enter the one your app shows now."));

    public Task<AccountChange> DisableTwoFactorAsync(HttpContext http, string password, string code) =>
        ChangeAsync(http, "/account/two-factor", async user =>
        {
            var check = await passwords.CheckAsync(user.UserName!, password, code);
            if (check.Outcome != PasswordCheckOutcome.Succeeded)
            {
                return new AccountChange(false, check.Outcome == PasswordCheckOutcome.LockedOut
                    ? "Too many failed attempts: the account is locked for now."
                    : "The password or the code is not right.");
            }

            await twoFactor.DisableAsync(user);
            return new AccountChange(true, "Two-factor sign-in is off.");
        });

    /// <summary>
    /// Runs a change of the signed-in account, then gives this browser a cookie for the account's
    /// new security stamp (the change renewed it, ending every session; this one proved itself by
    /// the change), and leaves an audit row as the console's routes do.
    /// </summary>
    private async Task<AccountChange> ChangeAsync(HttpContext http, string route, Func<BerthUser, Task<AccountChange>> change)
    {
        if (await CookieSessions.UserOfAsync(http.User, users) is not { } user)
        {
            return new AccountChange(false, "You are not signed in any more: sign in again.");
        }

        var outcome = await change(user);
        await audit.AppendAsync(new AuditEvent(time.GetUtcNow(), user.UserName, null, null, "post", null, route, null, null, null,
            outcome.Succeeded ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "dashboard"));
        var now = (await users.FindByIdAsync(user.Id))!;
        if (outcome.Succeeded)
        {
            await CookieSessions.RenewAsync(http, now);
        }

        return outcome with { Account = await SummaryAsync(now) };
    }

    private async Task<AccountSummary> SummaryAsync(BerthUser user) =>
        new(user.UserName!, user.Email, await users.GetTwoFactorEnabledAsync(user), await twoFactor.PendingKeyAsync(user) is { } key ? Setup(key) : null);

    private static AuthenticatorSetup Setup(AuthenticatorKey key)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(key.Uri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new AuthenticatorSetup(key.SharedKey, key.Uri, new QRCoder.SvgQRCode(data).GetGraphic(4));
    }

    private static SignUpResult Refused(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    // Identity's error codes name what they concern: PasswordTooShort, DuplicateEmail, InvalidUserName…
    private static string FieldOf(string code) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ when code.Contains("Email", StringComparison.Ordinal) => "email",
        _ when code.Contains("UserName", StringComparison.Ordinal) => "userName",
        _ => "",
    };
}
