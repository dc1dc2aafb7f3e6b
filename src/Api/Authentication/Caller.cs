using Berth.Api.Tenancy;

namespace Berth.Api.Authentication;

/// <summary>
/// Who is making a request, once authenticated: a user, with the limits of the credential used:
/// the one workspace it opens (null: every workspace the user is a member of), whether it may only
/// read, and the highest role it acts with (null: the user's role in the workspace).
/// </summary>
public sealed record Caller(string User, string? Workspace, bool ReadOnly = false, string? TokenId = null, WorkspaceRole? RoleCap = null)
{
    /// <summary>What the caller may do where the user's role is <paramref name="memberRole"/>: that role, or the credential's cap when lower.</summary>
    public WorkspaceRole EffectiveRole(WorkspaceRole memberRole) => RoleCap is { } cap && cap < memberRole ? cap : memberRole;
}
