using Berth.Api.Users;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>A member as the console lists one.</summary>
public sealed record MemberView(string User, string? Email, WorkspaceRole Role, DateTimeOffset AddedAt);

/// <summary>
/// The members of one workspace: list, invite, change a role, remove. Every change runs under
/// <see cref="WorkspaceLock"/>, so two owners stepping down at once cannot both see the other still
/// there: the last owner stays, whatever the interleaving.
/// </summary>
public sealed class MemberRoster(TenancyDb db, PasswordSignIn accounts, TimeProvider time, RoleCache roles)
{
    public async Task<IReadOnlyList<MemberView>> ListAsync(Workspace workspace, CancellationToken ct)
    {
        var members = await db.WorkspaceMembers.AsNoTracking().Include(m => m.User).Where(m => m.WorkspaceId == workspace.Id).ToListAsync(ct);
        return [.. members.Select(View).OrderBy(m => m.User, StringComparer.Ordinal)];
    }

    /// <summary>Adds the user named by <paramref name="login"/> (user name or email) with <paramref name="role"/>.</summary>
    public async Task<MemberView> AddAsync(Workspace workspace, WorkspaceRole actor, string login, WorkspaceRole role, CancellationToken ct)
    {
        MemberRules.EnsureCanGrant(actor, role);
        var user = await accounts.FindAsync(login) ?? throw new TenancyException(TenancyError.NotFound, $"no user '{login}'", "user");
        var member = new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = role, AddedAt = time.GetUtcNow(), User = user };
        await ChangeAsync(workspace, async () =>
        {
            if (await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspace.Id && m.UserId == user.Id, ct))
            {
                throw new TenancyException(TenancyError.Conflict, $"'{user.UserName}' is a member already", "user");
            }

            db.WorkspaceMembers.Add(member);
        }, ct);
        return View(member);
    }

    public async Task<MemberView> ChangeRoleAsync(Workspace workspace, BerthUser actorUser, WorkspaceRole actor, string userName, WorkspaceRole role, CancellationToken ct)
    {
        WorkspaceMember? changed = null;
        await ChangeAsync(workspace, async () =>
        {
            changed = await FindAsync(workspace, userName, ct);
            var self = changed.UserId == actorUser.Id;
            MemberRules.EnsureCanChange(actor, changed, self);
            if (!self || role > changed.Role)
            {
                MemberRules.EnsureCanGrant(actor, role); // stepping down needs no right; anything else does
            }

            changed.Role = role;
        }, ct);
        return View(changed!);
    }

    public Task RemoveAsync(Workspace workspace, BerthUser actorUser, WorkspaceRole actor, string userName, CancellationToken ct) =>
        ChangeAsync(workspace, async () =>
        {
            var removed = await FindAsync(workspace, userName, ct);
            MemberRules.EnsureCanChange(actor, removed, removed.UserId == actorUser.Id);
            db.WorkspaceMembers.Remove(removed);
        }, ct);

    private async Task ChangeAsync(Workspace workspace, Func<Task> change, CancellationToken ct)
    {
        await using var transaction = await WorkspaceLock.BeginAsync(db, workspace, ct);
        await change();
        await db.SaveChangesAsync(ct);
        if (!await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspace.Id && m.Role == WorkspaceRole.Owner, ct))
        {
            // Rolled back when the transaction is disposed uncommitted.
            throw new TenancyException(TenancyError.Conflict,
                $"the last owner of workspace '{workspace.Name}' cannot leave or be demoted: make another member owner first");
        }

        await transaction.CommitAsync(ct);
        roles.Clear();
    }

    private async Task<WorkspaceMember> FindAsync(Workspace workspace, string userName, CancellationToken ct) =>
        await db.WorkspaceMembers.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.WorkspaceId == workspace.Id && m.User.NormalizedUserName == userName.ToUpperInvariant(), ct)
        ?? throw new TenancyException(TenancyError.NotFound, $"'{userName}' is not a member of workspace '{workspace.Name}'", "user");

    private static MemberView View(WorkspaceMember member) => new(member.User.UserName!, member.User.Email, member.Role, member.AddedAt);
}
