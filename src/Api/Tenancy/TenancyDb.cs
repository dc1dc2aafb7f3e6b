using Berth.Api.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>
/// Who may do what: users (Identity's user store, without Identity's global roles, since a role
/// here belongs to a membership of one workspace), workspaces and their members. The tables come from the SQL files in
/// <c>migrations/</c>, applied by the same migrator as the revision log, never from EF: there is
/// no EF migration and no <c>EnsureCreated</c>. The names are snake_case like every other table,
/// and <c>TenancySchemaTests</c> check on both datastores that this model and that SQL agree.
/// </summary>
public sealed class TenancyDb(DbContextOptions<TenancyDb> options) : IdentityUserContext<BerthUser>(options)
{
    // Pinned: the migrations are written for this shape, whatever a later Identity makes its default.
    protected override Version SchemaVersion => IdentitySchemaVersions.Version1;

    public DbSet<Workspace> Workspaces => Set<Workspace>();

    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<BerthUser>(user =>
        {
            user.ToTable("users");
            user.HasIndex(u => u.NormalizedUserName).HasDatabaseName("users_normalized_user_name");
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("users_normalized_email");
        });
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<Workspace>(workspace =>
        {
            workspace.ToTable("workspaces");
            workspace.Property(w => w.Name).HasMaxLength(Engine.Store.Keys.WorkspaceName.MaxLength);
            workspace.HasIndex(w => w.Name).IsUnique().HasDatabaseName("workspaces_name");
            workspace.Ignore(w => w.NamedAt);
        });
        builder.Entity<WorkspaceMember>(member =>
        {
            member.ToTable("workspace_members");
            member.HasKey(m => new { m.WorkspaceId, m.UserId });
            member.HasIndex(m => m.UserId).HasDatabaseName("workspace_members_user_id");
            member.Property(m => m.Role).HasConversion(r => r.Name(), text => WorkspaceRoles.Parse(text));
            member.HasOne(m => m.Workspace).WithMany(w => w.Members).HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        SnakeCaseColumns.Apply(builder);
    }
}
