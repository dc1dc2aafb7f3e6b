namespace Berth.Api.Users;

/// <summary>What checking a user's password (and second factor) came to.</summary>
public enum PasswordCheckOutcome
{
    Succeeded,

    /// <summary>Unknown user or wrong password (or wrong code): never said which.</summary>
    Failed,

    /// <summary>Too many failures: no password is tried until <see cref="PasswordCheck.LockedUntil"/>.</summary>
    LockedOut,

    /// <summary>The password was right, and the account wants its authenticator code too.</summary>
    TwoFactorRequired,
}

public sealed record PasswordCheck(PasswordCheckOutcome Outcome, BerthUser? User = null, DateTimeOffset? LockedUntil = null);
