using Berth.Api.Authentication;
using Berth.Api.Tenancy;

namespace Berth.Api.Console;

/// <summary>A token in a listing: never its secret.</summary>
/// <param name="Workspace">Null: every workspace of its user.</param>
/// <param name="Role">Null: its user's role wherever it is used.</param>
public sealed record ApiTokenResponse(
    string Id,
    string Name,
    string User,
    string? Workspace,
    string? Role,
    bool ReadOnly,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static ApiTokenResponse From(ApiTokenInfo token) =>
        new(token.Id, token.Name, token.User, token.Workspace, token.Role?.Name(), token.ReadOnly, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt);
}
