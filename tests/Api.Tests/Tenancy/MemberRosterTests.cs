using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Tenancy;

public sealed class MemberRosterTests(SqliteServer shared) : IClassFixture<SqliteServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private BerthServer Server => shared.Server;

    [Fact]
    public async Task The_bootstrap_admin_owns_the_default_workspace_and_a_restart_adds_nothing()
    {
        using var dir = new TempDirectory();
        BerthUser admin;
        await using (var server = await TestServers.StartAsync(dir.Path))
        {
            admin = await FindAdminAsync(server);
            Assert.Equal(WorkspaceRole.Owner, (await server.MembershipAsync("default", admin))?.Role);
        }

        await using var again = await TestServers.StartAsync(dir.Path);
        var workspace = (await again.MembershipAsync("default", admin))!.Workspace;
        var members = await again.RosterAsync(r => r.ListAsync(workspace, None));
        Assert.Equal([("admin", WorkspaceRole.Owner)], members.Select(m => (m.User, m.Role)));
    }

    [Fact]
    public async Task The_last_owner_can_neither_leave_nor_step_down_until_another_owner_exists()
    {
        var olga = await Server.CreateUserAsync("olga");
        var workspace = await Server.CreateWorkspaceAsync("olgas", olga);

        var leave = await Assert.ThrowsAsync<TenancyException>(() => Server.RosterAsync(r => r.RemoveAsync(workspace, olga, WorkspaceRole.Owner, "olga", None)));
        Assert.Equal(TenancyError.Conflict, leave.Error);
        Assert.Contains("last owner", leave.Message);
        var demote = await Assert.ThrowsAsync<TenancyException>(() => Server.RosterAsync(r => r.ChangeRoleAsync(workspace, olga, WorkspaceRole.Owner, "olga", WorkspaceRole.Admin, None)));
        Assert.Equal(TenancyError.Conflict, demote.Error);
        Assert.Equal(WorkspaceRole.Owner, (await Server.MembershipAsync("olgas", olga))?.Role); // the refused change left nothing behind

        var oscar = await Server.CreateUserAsync("oscar");
        await Server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Owner, "oscar", WorkspaceRole.Owner, None));
        await Server.RosterAsync(r => r.RemoveAsync(workspace, olga, WorkspaceRole.Owner, "olga", None));
        Assert.Null(await Server.MembershipAsync("olgas", olga));
        Assert.Equal(WorkspaceRole.Owner, (await Server.MembershipAsync("olgas", oscar))?.Role);
    }

    [Fact]
    public async Task Admins_manage_members_below_owner_and_viewers_manage_nobody()
    {
        var owner = await Server.CreateUserAsync("pat");
        var admin = await Server.CreateUserAsync("quinn", "quinn@example.test");
        var viewer = await Server.CreateUserAsync("ray");
        await Server.CreateUserAsync("sam");
        var workspace = await Server.CreateWorkspaceAsync("pats", owner);
        await Server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Owner, "quinn@example.test", WorkspaceRole.Admin, None)); // by email
        await Server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Admin, "ray", WorkspaceRole.Viewer, None));

        async Task<TenancyError> Refusal(Func<MemberRoster, Task> action) =>
            (await Assert.ThrowsAsync<TenancyException>(() => Server.RosterAsync(action))).Error;

        Assert.Equal(TenancyError.Forbidden, await Refusal(r => r.AddAsync(workspace, WorkspaceRole.Admin, "sam", WorkspaceRole.Owner, None)));
        Assert.Equal(TenancyError.Forbidden, await Refusal(r => r.ChangeRoleAsync(workspace, admin, WorkspaceRole.Admin, "pat", WorkspaceRole.Viewer, None)));
        Assert.Equal(TenancyError.Forbidden, await Refusal(r => r.RemoveAsync(workspace, admin, WorkspaceRole.Admin, "pat", None)));
        Assert.Equal(TenancyError.Forbidden, await Refusal(r => r.AddAsync(workspace, WorkspaceRole.Viewer, "sam", WorkspaceRole.Viewer, None)));
        Assert.Equal(TenancyError.Forbidden, await Refusal(r => r.ChangeRoleAsync(workspace, viewer, WorkspaceRole.Viewer, "ray", WorkspaceRole.Admin, None)));
        Assert.Equal(TenancyError.Conflict, await Refusal(r => r.AddAsync(workspace, WorkspaceRole.Admin, "ray", WorkspaceRole.Developer, None)));
        Assert.Equal(TenancyError.NotFound, await Refusal(r => r.AddAsync(workspace, WorkspaceRole.Admin, "nobody", WorkspaceRole.Developer, None)));

        var promoted = await Server.RosterAsync(r => r.ChangeRoleAsync(workspace, admin, WorkspaceRole.Admin, "ray", WorkspaceRole.Developer, None));
        Assert.Equal(WorkspaceRole.Developer, promoted.Role);
        await Server.RosterAsync(r => r.RemoveAsync(workspace, viewer, WorkspaceRole.Developer, "ray", None)); // anyone may leave
        var members = await Server.RosterAsync(r => r.ListAsync(workspace, None));
        Assert.Equal([("pat", WorkspaceRole.Owner), ("quinn", WorkspaceRole.Admin)], members.Select(m => (m.User, m.Role)));
    }

    [Fact]
    public async Task Workspace_names_are_DNS_labels_and_unique()
    {
        var tina = await Server.CreateUserAsync("tina");
        await Server.CreateWorkspaceAsync("tinas", tina);

        Assert.Equal(TenancyError.Conflict, (await Assert.ThrowsAsync<TenancyException>(() => Server.CreateWorkspaceAsync("tinas", tina))).Error);
        var invalid = await Assert.ThrowsAsync<TenancyException>(() => Server.CreateWorkspaceAsync("Not_A_Label", tina));
        Assert.Equal((TenancyError.Invalid, "name"), (invalid.Error, invalid.Field));
    }

    [PostgresFact]
    public async Task On_postgres_two_owners_stepping_down_at_once_leave_exactly_one_owner()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        var uma = await server.CreateUserAsync("uma");
        var vic = await server.CreateUserAsync("vic");
        for (var round = 0; round < 5; round++)
        {
            var workspace = await server.CreateWorkspaceAsync($"race-{round}", uma);
            await server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Owner, "vic", WorkspaceRole.Owner, None));

            var outcomes = await Task.WhenAll(
                Attempt(() => server.RosterAsync(r => r.ChangeRoleAsync(workspace, uma, WorkspaceRole.Owner, "uma", WorkspaceRole.Viewer, None))),
                Attempt(() => server.RosterAsync(r => r.ChangeRoleAsync(workspace, vic, WorkspaceRole.Owner, "vic", WorkspaceRole.Viewer, None))));

            Assert.Equal(1, outcomes.Count(succeeded => succeeded));
            var members = await server.RosterAsync(r => r.ListAsync(workspace, None));
            Assert.Equal(1, members.Count(m => m.Role == WorkspaceRole.Owner));
        }
    }

    private static async Task<bool> Attempt(Func<Task> change)
    {
        try
        {
            await change();
            return true;
        }
        catch (TenancyException e) when (e.Error == TenancyError.Conflict)
        {
            return false;
        }
    }

    private static async Task<BerthUser> FindAdminAsync(BerthServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().FindAsync("admin"))!;
    }
}
