using System.Security.Claims;

namespace Berth.Web.Services;

/// <summary>A member of a workspace as the Team page lists them.</summary>
public sealed record TeamMember(string User, string? Email, string Role);

/// <summary>An API token as the Team page lists it: never its secret.</summary>
public sealed record TeamToken(string Id, string Name, string User, string? Role, bool ReadOnly,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsLive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

/// <summary>What the user asks a new token of this workspace to be.</summary>
public sealed record NewTeamToken(string Name, string? Role, bool ReadOnly, DateTimeOffset? ExpiresAt);

/// <summary>A token just made: the secret is shown this once.</summary>
public sealed record MintedToken(string Id, string Secret);

/// <summary>
/// A workspace's team: its members, and API tokens scoped to it (the user's own, and for admins and
/// owners everyone's), with the same rules as the console API (a token never outranks its maker;
/// only admins and owners invite or revoke others' tokens). Every change is audited as "dashboard".
/// </summary>
public interface IDashboardTeam
{
    Task<IReadOnlyList<TeamMember>> MembersAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default);

    Task InviteAsync(ClaimsPrincipal user, string workspace, string login, string role, CancellationToken ct = default);

    Task RemoveAsync(ClaimsPrincipal user, string workspace, string member, CancellationToken ct = default);

    /// <summary>A member's new role, under the console's rules: nobody grants above their own role, the last owner stays.</summary>
    Task ChangeRoleAsync(ClaimsPrincipal user, string workspace, string member, string role, CancellationToken ct = default);

    /// <summary>
    /// A page of the workspace's audit log, newest first, from before the row <paramref name="before"/> (null: the newest);
    /// for owners and admins only, as on the console API (others get a <see cref="DashboardException"/>).
    /// </summary>
    Task<AuditEntries> AuditAsync(ClaimsPrincipal user, string workspace, AuditFilter filter, long? before, int limit, CancellationToken ct = default);

    /// <summary>The workspace's tokens the user may see: their own, and everyone's for admins and owners; newest first.</summary>
    Task<IReadOnlyList<TeamToken>> TokensAsync(ClaimsPrincipal user, string workspace, CancellationToken ct = default);

    Task<MintedToken> CreateTokenAsync(ClaimsPrincipal user, string workspace, NewTeamToken token, CancellationToken ct = default);

    Task RevokeTokenAsync(ClaimsPrincipal user, string workspace, string id, CancellationToken ct = default);

    /// <summary>A kubeconfig for the workspace with a new token of the user's (named "kubeconfig"), for <paramref name="server"/> as the browser reached it.</summary>
    Task<string> KubeconfigAsync(ClaimsPrincipal user, string workspace, Uri server, CancellationToken ct = default);
}
