using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>A user's role in a workspace, both by name, as a request names them: null when the user is not a member or the workspace does not exist.</summary>
public sealed class RoleLookup(IDbContextFactory<TenancyDb> contexts, RoleCache cache)
{
    public async ValueTask<WorkspaceRole?> FindAsync(string userName, string workspace, CancellationToken ct) =>
        (await FindAccessAsync(userName, workspace, ct))?.Role;

    /// <summary>The role and the workspace's Secret policy together, for the checks that need both.</summary>
    public async ValueTask<MemberAccess?> FindAccessAsync(string userName, string workspace, CancellationToken ct)
    {
        if (cache.TryFind(userName, workspace, out var known))
        {
            return known;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var normalized = userName.ToUpperInvariant();
        var found = await db.WorkspaceMembers.Where(m => m.Workspace.Name == workspace && m.User.NormalizedUserName == normalized)
            .Select(m => new MemberAccess(m.Role, m.Workspace.DevelopersReadSecrets)).FirstOrDefaultAsync(ct);
        cache.Remember(userName, workspace, found);
        return found;
    }
}
