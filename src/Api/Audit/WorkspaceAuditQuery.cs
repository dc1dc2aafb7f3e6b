using Berth.Api.Tenancy;

namespace Berth.Api.Audit;

/// <summary>
/// Who may read a workspace's audit log, and what a read of it may see: the rule of
/// <c>GET /console/v1/workspaces/{workspace}/audit</c> and of the dashboard's Team page alike.
/// </summary>
public static class WorkspaceAuditQuery
{
    /// <summary>Owners and admins; developers and viewers are refused.</summary>
    public static bool MayRead(Membership membership) => membership.Role >= WorkspaceRole.Admin;

    /// <summary>
    /// The query for <paramref name="membership"/>'s workspace. Rows under this name from before the
    /// workspace took it are another workspace's (one deleted, or renamed away): never shown to this one's members.
    /// </summary>
    public static AuditQuery For(Membership membership, string? user, string? resource, string? verb, DateTimeOffset? since, DateTimeOffset? until)
    {
        var named = membership.Workspace.NamedAt;
        var from = since is { } asked && asked > named ? asked : named;
        return new AuditQuery(membership.Workspace.Name, user, resource, verb, from, until);
    }
}
