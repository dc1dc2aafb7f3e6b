using Berth.Api.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>
/// Who may do what: users (Identity's user store, without Identity's global roles, since a role
/// here belongs to a membership of one workspace). The tables come from the SQL files in
/// <c>migrations/</c>, applied by the same migrator as the revision log, never from EF: there is
/// no EF migration and no <c>EnsureCreated</c>. The names are snake_case like every other table,
/// and <c>TenancySchemaTests</c> check on both datastores that this model and that SQL agree.
/// </summary>
public sealed class TenancyDb(DbContextOptions<TenancyDb> options) : IdentityUserContext<BerthUser>(options)
{
    // Pinned: the migrations are written for this shape, whatever a later Identity makes its default.
    protected override Version SchemaVersion => IdentitySchemaVersions.Version1;

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
        SnakeCaseColumns.Apply(builder);
    }
}
