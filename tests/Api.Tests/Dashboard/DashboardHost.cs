using System.Security.Claims;
using Berth.Api.Audit;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Dashboard;

/// <summary>
/// A real server on a fresh PostgreSQL database with a workspace "alpha" of an owner (alice), an
/// admin (erin), a developer (dave) and a viewer (carol), whose dashboard ports a test calls as each
/// of them would through their signed-in browser (the session cookie's principal).
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly TempDirectory directory;
    private readonly TestDatabase database;
    private readonly Dictionary<string, BerthUser> users;

    private DashboardHost(TempDirectory directory, TestDatabase database, BerthServer server, Workspace alpha, Dictionary<string, BerthUser> users, CapturedLogs logs)
    {
        this.directory = directory;
        this.database = database;
        this.users = users;
        Server = server;
        Alpha = alpha;
        Logs = logs;
    }

    public BerthServer Server { get; }

    public Workspace Alpha { get; }

    /// <summary>Everything the server logged, for tests that check what it must never log.</summary>
    public CapturedLogs Logs { get; }

    public static async Task<DashboardHost> StartAsync()
    {
        var directory = new TempDirectory();
        var database = await TestDatabase.CreateAsync();
        var logs = new CapturedLogs();
        var server = await TestServers.StartAsync(directory.Path, database.Url, logs.AddTo, controllers: TestServers.NoControllers);
        var users = new Dictionary<string, BerthUser>();
        foreach (var name in new[] { "alice", "erin", "dave", "carol" })
        {
            users[name] = await server.CreateUserAsync(name);
        }

        var alpha = await server.CreateWorkspaceAsync("alpha", users["alice"]);
        await server.AddMemberAsync(alpha, users["erin"], WorkspaceRole.Admin);
        await server.AddMemberAsync(alpha, users["dave"], WorkspaceRole.Developer);
        await server.AddMemberAsync(alpha, users["carol"], WorkspaceRole.Viewer);
        return new DashboardHost(directory, database, server, alpha, users, logs);
    }

    /// <summary>The principal <paramref name="name"/>'s session cookie carries: what every dashboard port is called with.</summary>
    public ClaimsPrincipal As(string name) => CookieSessions.Principal(users[name]);

    /// <summary>Calls a dashboard port in a scope of its own, as one circuit would.</summary>
    public async Task<T> WithAsync<TPort, T>(Func<TPort, Task<T>> call) where TPort : notnull
    {
        await using var scope = Server.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TPort>());
    }

    public Task WithAsync<TPort>(Func<TPort, Task> call) where TPort : notnull =>
        WithAsync<TPort, bool>(async port =>
        {
            await call(port);
            return true;
        });

    /// <summary>The workspace's audit rows matching <paramref name="query"/>, once there are at least <paramref name="count"/> (the log is written behind the request).</summary>
    public Task<IReadOnlyList<AuditEvent>> AuditRowsAsync(AuditQuery query, int count) =>
        Eventually.WaitForAsync($"{count} audit rows for {query}",
            () => Server.Services.GetRequiredService<AuditStore>().ReadAsync(query, CancellationToken.None),
            rows => rows.Count >= count, TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await database.DisposeAsync();
        directory.Dispose();
        Logs.Dispose();
    }
}
