using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Users;

/// <summary>
/// The rules every account lives by. Passwords follow NIST SP 800-63B rather than Identity's
/// defaults: length is what makes a password strong, composition rules ("a digit, an upper-case
/// letter, a symbol") only make people write <c>Password1!</c>; so at least 12 characters, not
/// one character repeated, and no other demand. Repeated failures lock the account for a while,
/// which turns guessing into a crawl without locking it forever.
/// </summary>
public static class UserRules
{
    public const int MinimumPasswordLength = 12;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Lower-case letters, digits and <c>-._@</c>: a name appears in Kubernetes messages
    /// (<c>User "alice" cannot …</c>) and URLs, and one spelling per person avoids "Alice" and
    /// "alice" looking like two users.
    /// </summary>
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyz0123456789-._@";

    public static void Apply(IdentityOptions options)
    {
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequiredUniqueChars = 4;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;

        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;

        options.User.AllowedUserNameCharacters = UserNameCharacters;
        // Unique when given, but not required: the bootstrap admin has none (UniqueEmailWhenGiven).
        options.User.RequireUniqueEmail = false;
    }
}
