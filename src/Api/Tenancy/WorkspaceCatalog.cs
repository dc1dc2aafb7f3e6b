using Berth.Api.Users;
using Berth.Engine.Store.Keys;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>Workspaces: made with an owner, found only through a membership, so nobody learns of one they are not in.</summary>
public sealed class WorkspaceCatalog(TenancyDb db, TimeProvider time, RoleCache roles)
{
    /// <summary>A new workspace owned by <paramref name="owner"/>; a taken name is a conflict.</summary>
    public async Task<Workspace> CreateAsync(string name, BerthUser owner, CancellationToken ct)
    {
        EnsureValidName(name);
        var now = time.GetUtcNow();
        var workspace = new Workspace { Name = name, CreatedAt = now };
        workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = owner.Id, Role = WorkspaceRole.Owner, AddedAt = now });
        db.Workspaces.Add(workspace);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
            {
                throw NameTaken(name);
            }

            throw;
        }

        roles.Clear(); // the owner may have asked for this name before it existed, and been told "not a member"
        return workspace;
    }

    /// <summary>A name another workspace has, or a deleted one still holds until it is purged.</summary>
    internal static TenancyException NameTaken(string name) =>
        new(TenancyError.Conflict, $"a workspace named '{name}' exists already (or was deleted and is not purged yet)", "name");

    /// <summary>Refuses a name that is not a DNS label, as the field <c>name</c>.</summary>
    internal static void EnsureValidName(string name)
    {
        if (!WorkspaceName.IsValid(name))
        {
            throw new TenancyException(TenancyError.Invalid,
                $"workspace name '{name}' is invalid: it must be 1-{WorkspaceName.MaxLength} lower-case letters, digits or '-', starting and ending with a letter or digit",
                "name");
        }
    }

    /// <summary>Makes the workspace with this owner unless it exists (whoever its members are by now): what every start runs for <c>default</c>.</summary>
    public async Task EnsureAsync(string name, BerthUser owner, CancellationToken ct)
    {
        if (await db.Workspaces.AnyAsync(w => w.Name == name, ct))
        {
            return;
        }

        try
        {
            await CreateAsync(name, owner, ct);
        }
        catch (TenancyException e) when (e.Error == TenancyError.Conflict)
        {
            // Another replica made it first.
        }
    }

    /// <summary>The workspace and the user's role in it, or null when either does not exist or the user is not a member.</summary>
    public async Task<Membership?> FindAsync(string workspace, string userId, CancellationToken ct)
    {
        var member = await db.WorkspaceMembers.AsNoTracking().Include(m => m.Workspace)
            .SingleOrDefaultAsync(m => m.UserId == userId && m.Workspace.Name == workspace, ct);
        return member is null ? null : new Membership(member.Workspace, member.Role);
    }

    /// <summary>Every workspace the user is a member of, by name.</summary>
    public async Task<IReadOnlyList<Membership>> ForUserAsync(string userId, CancellationToken ct)
    {
        var members = await db.WorkspaceMembers.AsNoTracking().Include(m => m.Workspace).Where(m => m.UserId == userId).ToListAsync(ct);
        return [.. members.Select(m => new Membership(m.Workspace, m.Role)).OrderBy(m => m.Workspace.Name, StringComparer.Ordinal)];
    }
}
