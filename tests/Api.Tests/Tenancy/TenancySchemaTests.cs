using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Engine.Store;
using Berth.Engine.Store.Migrations;
using Berth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tests.Tenancy;

/// <summary>
/// The tables come from hand-written SQL (migrations/), the queries from EF's model: these tests
/// hold the two together on both datastores, so a column renamed on one side fails here and not
/// in production.
/// </summary>
public sealed class TenancySchemaTests
{
    [Fact]
    public async Task On_sqlite_every_entity_maps_onto_the_migrated_tables()
    {
        using var dir = new TempDirectory();
        await ModelMatchesSchemaAsync(DatastoreConfig.Parse(null, dir.Path));
    }

    [PostgresFact]
    public async Task On_postgres_every_entity_maps_onto_the_migrated_tables()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ModelMatchesSchemaAsync(DatastoreConfig.Parse(database.Url, ""));
    }

    [Fact]
    public async Task On_sqlite_every_entity_round_trips()
    {
        using var dir = new TempDirectory();
        await EveryEntityRoundTripsAsync(DatastoreConfig.Parse(null, dir.Path));
    }

    [PostgresFact]
    public async Task On_postgres_every_entity_round_trips()
    {
        await using var database = await TestDatabase.CreateAsync();
        await EveryEntityRoundTripsAsync(DatastoreConfig.Parse(database.Url, ""));
    }

    private static async Task ModelMatchesSchemaAsync(DatastoreConfig datastore)
    {
        await Migrator.MigrateAsync(datastore);
        var schema = await DatabaseSchema.ReadAsync(datastore);
        await using var db = TenancyDatabase.Open(datastore);

        var model = db.Model.GetRelationalModel();
        Assert.NotEmpty(model.Tables);
        foreach (var table in model.Tables)
        {
            Assert.True(schema.Tables.ContainsKey(table.Name), $"the migrations make no table {table.Name}");
            var expected = table.Columns.Select(c => new DatabaseColumn(c.Name, Normalize(c.StoreType), c.IsNullable)).OrderBy(c => c.Name);
            var actual = schema.Tables[table.Name].Select(c => c with { Type = Normalize(c.Type) }).OrderBy(c => c.Name);
            Assert.Equal(expected, actual);

            var keys = table.UniqueConstraints.Select(k => string.Join(',', k.Columns.Select(c => c.Name)))
                .Concat(table.Indexes.Where(i => i.IsUnique).Select(i => string.Join(',', i.Columns.Select(c => c.Name))))
                .Order();
            Assert.Equal(keys, schema.UniqueIndexes[table.Name].Order());
        }
    }

    private static string Normalize(string type) => type.ToLowerInvariant();

    private static async Task EveryEntityRoundTripsAsync(DatastoreConfig datastore)
    {
        await Migrator.MigrateAsync(datastore);
        var lockoutEnd = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(7_000);
        var created = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_230);
        var user = new BerthUser
        {
            UserName = "alice", NormalizedUserName = "ALICE", Email = "alice@example.test", NormalizedEmail = "ALICE@EXAMPLE.TEST",
            EmailConfirmed = true, PasswordHash = "hash", SecurityStamp = "stamp", PhoneNumber = "+1 555 0100", PhoneNumberConfirmed = true,
            TwoFactorEnabled = true, LockoutEnd = lockoutEnd, LockoutEnabled = true, AccessFailedCount = 3, CreatedAt = created,
        };
        await using (var db = TenancyDatabase.Open(datastore))
        {
            db.Users.Add(user);
            db.UserClaims.Add(new IdentityUserClaim<string> { UserId = user.Id, ClaimType = "team", ClaimValue = "blue" });
            db.UserLogins.Add(new IdentityUserLogin<string> { UserId = user.Id, LoginProvider = "github", ProviderKey = "42", ProviderDisplayName = "GitHub" });
            db.UserTokens.Add(new IdentityUserToken<string> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = "KEY" });
            var workspace = new Workspace { Name = "team-a", CreatedAt = created };
            workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Developer, AddedAt = lockoutEnd });
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync();
        }

        await using (var db = TenancyDatabase.Open(datastore))
        {
            var read = await db.Users.SingleAsync(u => u.NormalizedUserName == "ALICE");
            Assert.Equal(
                (user.Id, user.UserName, user.Email, user.NormalizedEmail, true, "hash", "stamp", user.ConcurrencyStamp, user.PhoneNumber, true, true, lockoutEnd, true, 3, created),
                (read.Id, read.UserName, read.Email, read.NormalizedEmail, read.EmailConfirmed, read.PasswordHash, read.SecurityStamp, read.ConcurrencyStamp,
                    read.PhoneNumber, read.PhoneNumberConfirmed, read.TwoFactorEnabled, read.LockoutEnd, read.LockoutEnabled, read.AccessFailedCount, read.CreatedAt));
            var claim = await db.UserClaims.SingleAsync();
            Assert.True(claim.Id > 0);
            Assert.Equal((user.Id, "team", "blue"), (claim.UserId, claim.ClaimType, claim.ClaimValue));
            var login = await db.UserLogins.SingleAsync();
            Assert.Equal((user.Id, "github", "42", "GitHub"), (login.UserId, login.LoginProvider, login.ProviderKey, login.ProviderDisplayName));
            var token = await db.UserTokens.SingleAsync();
            Assert.Equal((user.Id, "[AspNetUserStore]", "AuthenticatorKey", "KEY"), (token.UserId, token.LoginProvider, token.Name, token.Value));

            var workspace = await db.Workspaces.Include(w => w.Members).SingleAsync();
            Assert.Equal(("team-a", created), (workspace.Name, workspace.CreatedAt));
            var member = Assert.Single(workspace.Members);
            Assert.Equal((user.Id, WorkspaceRole.Developer, lockoutEnd), (member.UserId, member.Role, member.AddedAt));

            // A user's claims, logins, tokens and memberships go with it, as the foreign keys say.
            db.Users.Remove(read);
            await db.SaveChangesAsync();
            Assert.Equal(0, await db.UserTokens.CountAsync() + await db.UserLogins.CountAsync() + await db.UserClaims.CountAsync() + await db.WorkspaceMembers.CountAsync());
        }
    }
}
