using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Bootstrap;

public sealed class AdminUserTests
{
    [Fact]
    public async Task The_first_start_generates_a_password_writes_it_0600_and_a_restart_keeps_it()
    {
        using var dir = new TempDirectory();
        string password;
        await using (var server = await TestServers.StartAsync(dir.Path))
        {
            password = server.Admin.GeneratedPassword!;
            Assert.True(password.Length >= UserRules.MinimumPasswordLength);
            var file = Path.Combine(dir.Path, "admin-password");
            Assert.Equal(file, server.Admin.PasswordFile);
            Assert.Equal(password + "\n", await File.ReadAllTextAsync(file));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Equal(PasswordCheckOutcome.Succeeded, await CheckAsync(server, password));
        }

        await using (var again = await TestServers.StartAsync(dir.Path))
        {
            Assert.Null(again.Admin.GeneratedPassword); // shown once: the restart has nothing to show
            Assert.Equal(password + "\n", await File.ReadAllTextAsync(Path.Combine(dir.Path, "admin-password")));
            Assert.Equal(PasswordCheckOutcome.Succeeded, await CheckAsync(again, password));
            Assert.Equal(1, await AdminCountAsync(again));
        }
    }

    [Fact]
    public async Task A_given_password_is_used_and_no_file_is_written_and_a_later_one_changes_nothing()
    {
        using var dir = new TempDirectory();
        const string given = "the operator's own password";
        await using (var server = await TestServers.StartAsync(dir.Path, adminPassword: given))
        {
            Assert.Null(server.Admin.GeneratedPassword);
            Assert.False(File.Exists(Path.Combine(dir.Path, "admin-password")));
            Assert.Equal(PasswordCheckOutcome.Succeeded, await CheckAsync(server, given));
        }

        await using (var again = await TestServers.StartAsync(dir.Path, adminPassword: "a different password now"))
        {
            Assert.True(again.Admin.PasswordOptionIgnored);
            Assert.Equal(PasswordCheckOutcome.Succeeded, await CheckAsync(again, given));
            Assert.Equal(PasswordCheckOutcome.Failed, await CheckAsync(again, "a different password now"));
        }
    }

    [Fact]
    public async Task A_password_the_rules_refuse_stops_the_start_with_the_reason()
    {
        using var dir = new TempDirectory();
        var refused = await Assert.ThrowsAsync<FormatException>(() => TestServers.StartAsync(dir.Path, adminPassword: "short"));
        Assert.Contains("at least 12 characters", refused.Message);
    }

    [PostgresFact]
    public async Task On_postgres_two_servers_of_one_database_share_one_admin()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var one = await TestServers.StartAsync(first.Path, database.Url);
        await using var two = await TestServers.StartAsync(second.Path, database.Url);

        Assert.NotNull(one.Admin.GeneratedPassword);
        Assert.Null(two.Admin.GeneratedPassword);
        Assert.False(File.Exists(Path.Combine(second.Path, "admin-password")));
        Assert.Equal(PasswordCheckOutcome.Succeeded, await CheckAsync(two, one.Admin.GeneratedPassword!));
        Assert.Equal(1, await AdminCountAsync(two));
    }

    private static async Task<PasswordCheckOutcome> CheckAsync(BerthServer server, string password)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PasswordSignIn>().CheckAsync("admin", password, null)).Outcome;
    }

    private static async Task<int> AdminCountAsync(BerthServer server)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BerthUser>>();
        return users.Users.Count(u => u.NormalizedUserName == "ADMIN");
    }
}
