namespace Berth.Api.Tenancy;

/// <summary>
/// Who may change whose membership. Admins and owners manage members; nobody grants a role above
/// their own or touches a member ranked above them (so an admin cannot demote or remove an owner);
/// anyone may leave. That the last owner cannot leave or be demoted is checked against the
/// database, in <see cref="MemberRoster"/>, where concurrent changes are serialized.
/// </summary>
public static class MemberRules
{
    public static bool CanManageMembers(WorkspaceRole actor) => actor >= WorkspaceRole.Admin;

    public static void EnsureCanGrant(WorkspaceRole actor, WorkspaceRole role)
    {
        EnsureCanManage(actor);
        if (role > actor)
        {
            throw new TenancyException(TenancyError.Forbidden, $"a workspace {actor.Name()} cannot grant the role {role.Name()}", "role");
        }
    }

    public static void EnsureCanChange(WorkspaceRole actor, WorkspaceMember target, bool self)
    {
        if (self)
        {
            return; // leaving, or stepping down, is always one's own call (the last owner is checked later)
        }

        EnsureCanManage(actor);
        if (target.Role > actor)
        {
            throw new TenancyException(TenancyError.Forbidden, $"a workspace {actor.Name()} cannot change the membership of an {target.Role.Name()}");
        }
    }

    private static void EnsureCanManage(WorkspaceRole actor)
    {
        if (!CanManageMembers(actor))
        {
            throw new TenancyException(TenancyError.Forbidden, $"a workspace {actor.Name()} cannot manage members: that takes admin or owner");
        }
    }
}
