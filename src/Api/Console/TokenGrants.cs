using Berth.Api.Authentication;
using Berth.Api.Tenancy;

namespace Berth.Api.Console;

/// <param name="Name">What the token is for ("ci deploy"); shown in listings.</param>
/// <param name="Workspace">The one workspace it opens; absent: every workspace of the user (only an unscoped caller may ask).</param>
/// <param name="Role">The highest role it acts with (viewer, developer, admin, owner); absent: the user's own role.</param>
/// <param name="ExpiresAt">Absent: it never expires.</param>
public sealed record NewTokenRequest(string? Name, string? Workspace, string? Role, bool ReadOnly, DateTimeOffset? ExpiresAt);

/// <summary>
/// The rules a signed-in caller's new token must keep: a name, an expiry in the future, and no
/// more power than the caller has. A token scoped to one workspace mints only tokens of that
/// workspace; a role above the caller's own (their role there, capped by their own token) is
/// refused; a caller whose token is capped passes the cap on. So no token ever outranks the
/// credential that made it.
/// </summary>
internal static class TokenGrants
{
    public const int MaxNameLength = 100;

    /// <summary>The token to issue, or why not.</summary>
    public static async Task<(NewToken? Token, TokenRefusal? Refusal)> CheckAsync(
        NewTokenRequest request, ConsoleCaller caller, WorkspaceCatalog workspaces, DateTimeOffset now, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return (null, TokenRefusal.Invalid("name", $"is required, at most {MaxNameLength} characters"));
        }

        if (request.ExpiresAt <= now)
        {
            return (null, TokenRefusal.Invalid("expiresAt", "is in the past"));
        }

        WorkspaceRole? role = null;
        if (request.Role is { } text)
        {
            if (!WorkspaceRoles.TryParse(text, out var parsed))
            {
                return (null, TokenRefusal.Invalid("role", $"must be one of {string.Join(", ", WorkspaceRoles.Names)}"));
            }

            role = parsed;
        }

        var scope = caller.Token.Workspace;
        var workspace = string.IsNullOrEmpty(request.Workspace) ? scope : request.Workspace;
        if (scope is not null && workspace != scope)
        {
            return (null, new TokenRefusal(TenancyError.Forbidden, $"the token is scoped to workspace '{scope}' and can only make tokens for it"));
        }

        // The most the caller may hand on: their role in the workspace, or for an unscoped token
        // their token's cap (an unscoped token of an uncapped caller acts as the user, like theirs).
        WorkspaceRole? ceiling = caller.Token.RoleCap;
        if (workspace is not null)
        {
            if (await workspaces.FindAsync(workspace, caller.User.Id, ct) is not { } membership)
            {
                return (null, new TokenRefusal(TenancyError.NotFound, $"no workspace '{workspace}'"));
            }

            ceiling = caller.Token.EffectiveRole(membership.Role);
        }

        if (role is { } asked && ceiling is { } most && asked > most)
        {
            return (null, new TokenRefusal(TenancyError.Forbidden, $"a token cannot have role '{asked.Name()}': the most you can grant here is '{most.Name()}'"));
        }

        return (new NewToken(caller.User.UserName!, workspace, name, request.ExpiresAt, request.ReadOnly || caller.Token.ReadOnly, role ?? caller.Token.RoleCap), null);
    }
}
