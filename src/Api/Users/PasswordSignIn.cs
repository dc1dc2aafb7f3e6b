using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Users;

/// <summary>
/// Checks a user name (or email) and password, and the authenticator code when the account has
/// two-factor on, counting failures toward lockout: what Identity's <c>SignInManager</c> does,
/// without the cookies, so scripts and the console can sign in for a token. The dashboard's
/// cookie sign-in goes through the same <see cref="UserManager{TUser}"/> and so the same lockout.
/// </summary>
public sealed class PasswordSignIn(UserManager<BerthUser> users)
{
    // Verified against when the user does not exist, so an unknown name costs what a known one does
    // and the answer's timing does not tell which names exist.
    private static readonly string DummyHash = new PasswordHasher<BerthUser>().HashPassword(new BerthUser(), "not a password of anyone");

    public async Task<PasswordCheck> CheckAsync(string login, string password, string? twoFactorCode)
    {
        var user = await FindAsync(login);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new BerthUser(), DummyHash, password);
            return new PasswordCheck(PasswordCheckOutcome.Failed);
        }

        var checkedPassword = await VerifyPasswordAsync(user, password);
        if (checkedPassword.Outcome != PasswordCheckOutcome.Succeeded)
        {
            return checkedPassword;
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            if (string.IsNullOrWhiteSpace(twoFactorCode))
            {
                return new PasswordCheck(PasswordCheckOutcome.TwoFactorRequired);
            }

            var code = twoFactorCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                return await FailAsync(user);
            }
        }

        await users.ResetAccessFailedCountAsync(user);
        return new PasswordCheck(PasswordCheckOutcome.Succeeded, user);
    }

    /// <summary>
    /// The password of a user already known (say, by their token), as when they change it: failures
    /// count toward lockout like any other, but no second factor is asked, and success resets nothing.
    /// </summary>
    public async Task<PasswordCheck> VerifyPasswordAsync(BerthUser user, string password)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return LockedOut(user);
        }

        return await users.CheckPasswordAsync(user, password)
            ? new PasswordCheck(PasswordCheckOutcome.Succeeded, user)
            : await FailAsync(user);
    }

    /// <summary>A user by name, or by email when no user has that name.</summary>
    public async Task<BerthUser?> FindAsync(string login) =>
        await users.FindByNameAsync(login) ?? (login.Contains('@') ? await users.FindByEmailAsync(login) : null);

    private async Task<PasswordCheck> FailAsync(BerthUser user)
    {
        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? LockedOut(user) : new PasswordCheck(PasswordCheckOutcome.Failed);
    }

    private static PasswordCheck LockedOut(BerthUser user) => new(PasswordCheckOutcome.LockedOut, LockedUntil: user.LockoutEnd);
}
