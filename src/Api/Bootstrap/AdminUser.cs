using System.Security.Cryptography;
using Berth.Api.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Bootstrap;

/// <summary>What the bootstrap did about the admin user on this start.</summary>
/// <param name="GeneratedPassword">The password this start generated for a new admin: shown once, then only in <paramref name="PasswordFile"/>. Null when none was generated.</param>
public sealed record AdminBootstrap(string? GeneratedPassword, string? PasswordFile, bool PasswordOptionIgnored);

/// <summary>
/// The Identity user <c>admin</c>, made on the first start as k3s makes its node token: with the
/// password the operator gave (<c>--admin-password</c> or <c>BERTH_ADMIN_PASSWORD</c>), or else a
/// generated one, written to <c>DATA_DIR/admin-password</c> (0600) and handed back for the console.
/// Once the user exists, starts leave it alone: no second admin, no new password, even when the
/// option is given again (that is reported, not applied, so a forgotten flag cannot reset a
/// password someone has since changed).
/// </summary>
internal static class AdminUser
{
    public const string Name = DefaultWorkspace.AdminUser;
    public const string PasswordFileName = "admin-password";

    public static async Task<(BerthUser User, AdminBootstrap Bootstrap)> EnsureAsync(
        UserManager<BerthUser> users, string dataDirectory, string? password, TimeProvider time)
    {
        if (await users.FindByNameAsync(Name) is { } existing)
        {
            return (existing, new AdminBootstrap(null, null, PasswordOptionIgnored: password is not null));
        }

        var generated = password is null ? Generate() : null;
        var file = Path.GetFullPath(Path.Combine(dataDirectory, PasswordFileName));
        if (generated is not null)
        {
            // Written before the user exists: a crash in between leaves a password on disk that
            // may open nothing, never an admin whose password nobody was told.
            await PrivateFile.WriteAsync(file, generated + "\n", CancellationToken.None);
        }

        var admin = new BerthUser { UserName = Name, CreatedAt = time.GetUtcNow() };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(admin, password ?? generated!);
        }
        catch (DbUpdateException)
        {
            // Another replica made the admin between our look and our insert (the unique index on
            // the user name decided): its password stands, ours was never used.
            if (await users.FindByNameAsync(Name) is not { } winner)
            {
                throw;
            }

            if (generated is not null)
            {
                File.Delete(file);
            }

            return (winner, new AdminBootstrap(null, null, PasswordOptionIgnored: password is not null));
        }

        if (!result.Succeeded)
        {
            throw new FormatException($"admin password refused: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        return (admin, new AdminBootstrap(generated, generated is null ? null : file, PasswordOptionIgnored: false));
    }

    /// <summary>24 characters from 144 random bits, in the URL-safe base64 alphabet, so it survives copy, paste and shells.</summary>
    private static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
