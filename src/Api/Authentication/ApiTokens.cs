using Berth.Api.Tenancy;

namespace Berth.Api.Authentication;

/// <summary>
/// What a new token is for: its user, the one workspace it opens (null: every workspace the user is
/// a member of), its name, expiry, whether it may only read, and the highest role it acts with
/// (null: the user's own role wherever it is used).
/// </summary>
public sealed record NewToken(string User, string? Workspace, string Name, DateTimeOffset? ExpiresAt = null, bool ReadOnly = false, WorkspaceRole? Role = null);

/// <summary>A token just issued: the secret exists only here, once; the store keeps its hash.</summary>
public sealed record IssuedToken(string Id, string Secret, string User, string? Workspace, bool ReadOnly = false, WorkspaceRole? Role = null);

/// <summary>Whom a verified token speaks for: a user, in one workspace or (null) in each of theirs, perhaps only to read, perhaps below their role.</summary>
public sealed record TokenIdentity(string Id, string User, string? Workspace, bool ReadOnly, WorkspaceRole? Role = null);

/// <summary>A token as listings show it: everything but its secret, which nobody can see again.</summary>
public sealed record ApiTokenInfo(
    string Id,
    string User,
    string? Workspace,
    string Name,
    WorkspaceRole? Role,
    bool ReadOnly,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
