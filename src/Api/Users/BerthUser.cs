using Microsoft.AspNetCore.Identity;

namespace Berth.Api.Users;

/// <summary>
/// A person who signs in to Berth: ASP.NET Core Identity's user (name, email, password hash,
/// lockout, two-factor), stored in the <c>users</c> table (migration 0003).
/// </summary>
public sealed class BerthUser : IdentityUser
{
    /// <summary>When the account was made, for the console's member lists.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
