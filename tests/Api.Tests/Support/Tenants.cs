using Berth.Api.Authentication;
using Berth.Api.Bootstrap;
using Berth.Api.Tenancy;
using Berth.Api.Users;
using Berth.Engine.Resources.Objects;
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

    /// <summary>A workspace with its standard namespaces, as the console makes one.</summary>
    public static async Task<Workspace> CreateWorkspaceAsync(this BerthServer server, string name, BerthUser owner)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var workspace = await scope.ServiceProvider.GetRequiredService<WorkspaceCatalog>().CreateAsync(name, owner, CancellationToken.None);
        await StandardNamespaces.EnsureAsync(server.Services.GetRequiredService<ResourceObjects>(), name, CancellationToken.None);
        return workspace;
    }

    public static async Task<Membership?> MembershipAsync(this BerthServer server, string workspace, BerthUser user)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WorkspaceCatalog>().FindAsync(workspace, user.Id, CancellationToken.None);
    }

    /// <summary>An API token for <paramref name="user"/>, scoped to <paramref name="workspace"/> (null: all of theirs); its secret.</summary>
    public static async Task<string> IssueTokenAsync(this BerthServer server, BerthUser user, string? workspace, bool readOnly = false) =>
        (await server.Services.GetRequiredService<ApiTokenStore>().IssueAsync(user.UserName!, workspace, "test", readOnly: readOnly)).Secret;

    /// <summary>Adds <paramref name="user"/> to <paramref name="workspace"/> as its owner would.</summary>
    public static Task AddMemberAsync(this BerthServer server, Workspace workspace, BerthUser user, WorkspaceRole role) =>
        server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Owner, user.UserName!, role, CancellationToken.None));

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
