using Berth.Api.Tenancy;
using Berth.Api.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Support;

/// <summary>Users and workspaces made through a running server's own services, as its endpoints make them.</summary>
internal static class Tenants
{
    public const string Password = "correct horse battery";

    public static async Task<BerthUser> CreateUserAsync(this BerthServer server, string name, string? email = null)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var user = new BerthUser { UserName = name, Email = email, CreatedAt = DateTimeOffset.UtcNow };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<BerthUser>>().CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    public static async Task<Workspace> CreateWorkspaceAsync(this BerthServer server, string name, BerthUser owner)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkspaceCatalog>().CreateAsync(name, owner, CancellationToken.None);
    }

    public static async Task<Membership?> MembershipAsync(this BerthServer server, string workspace, BerthUser user)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkspaceCatalog>().FindAsync(workspace, user.Id, CancellationToken.None);
    }

    /// <summary>Runs <paramref name="action"/> on the roster in a scope of its own, as one request would.</summary>
    public static async Task<T> RosterAsync<T>(this BerthServer server, Func<MemberRoster, Task<T>> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<MemberRoster>());
    }

    public static Task RosterAsync(this BerthServer server, Func<MemberRoster, Task> action) =>
        server.RosterAsync(async roster =>
        {
            await action(roster);
            return true;
        });
}
