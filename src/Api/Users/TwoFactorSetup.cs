using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Users;

/// <summary>A new authenticator key and the <c>otpauth://</c> URI authenticator apps read (as text or as a QR code).</summary>
public sealed record AuthenticatorKey(string SharedKey, string Uri);

/// <summary>
/// TOTP two-factor for one user, shared by the console API and the dashboard: a new key (two-factor
/// stays off until a code proves the app has it), turning it on with a code, and off with the
/// password and a code. A new key is stored without renewing the security stamp, unlike
/// <see cref="UserManager{TUser}.ResetAuthenticatorKeyAsync"/>: making a key changes nothing about
/// how one signs in, so it must not end the session it was made in. Turning two-factor on or off
/// does renew the stamp, ending every other session; the caller re-issues its own.
/// </summary>
public sealed class TwoFactorSetup(UserManager<BerthUser> users, IUserStore<BerthUser> store)
{
    public const string Issuer = "Berth";

    /// <summary>A new key, or null when two-factor is on already (turn it off first).</summary>
    public async Task<AuthenticatorKey?> NewKeyAsync(BerthUser user, CancellationToken ct = default)
    {
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return null;
        }

        var key = users.GenerateNewAuthenticatorKey();
        await ((IUserAuthenticatorKeyStore<BerthUser>)store).SetAuthenticatorKeyAsync(user, key, ct);
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        return KeyOf(user, key);
    }

    /// <summary>The key made and not yet confirmed, for showing again; null when there is none or two-factor is on.</summary>
    public async Task<AuthenticatorKey?> PendingKeyAsync(BerthUser user) =>
        !await users.GetTwoFactorEnabledAsync(user) && await users.GetAuthenticatorKeyAsync(user) is { } key ? KeyOf(user, key) : null;

    private static AuthenticatorKey KeyOf(BerthUser user, string key)
    {
        var label = System.Uri.EscapeDataString($"{Issuer}:{user.UserName}");
        return new AuthenticatorKey(key, $"otpauth://totp/{label}?secret={key}&issuer={Issuer}&digits=6");
    }

    public async Task<bool> HasKeyAsync(BerthUser user) => await users.GetAuthenticatorKeyAsync(user) is not null;

    /// <summary>Turns two-factor on when <paramref name="code"/> is the key's current code; false otherwise.</summary>
    public async Task<bool> EnableAsync(BerthUser user, string code)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code.Replace(" ", "", StringComparison.Ordinal)))
        {
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return true;
    }

    /// <summary>Turns two-factor off and forgets the key; the caller has checked the password and a code.</summary>
    public async Task DisableAsync(BerthUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
    }
}
