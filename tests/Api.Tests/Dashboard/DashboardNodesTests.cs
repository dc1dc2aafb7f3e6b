using System.Net;
using System.Security.Claims;
using Berth.Api.Agents;
using Berth.Api.Audit;
using Berth.Api.Console;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Berth.Web.Services;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Dashboard;

/// <summary>The Nodes pages' host side on PostgreSQL: join tokens only for admins and owners (audited), and the usage history the charts open with.</summary>
public sealed class DashboardNodesTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [PostgresFact]
    public async Task Only_admins_and_owners_mint_join_tokens_each_attempt_is_audited_and_a_minted_token_joins_a_node()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, controllers: TestServers.NoControllers);
        var owner = await server.CreateUserAsync("olga");
        var team = await server.CreateWorkspaceAsync("team", owner);
        foreach (var (name, role) in new[] { ("ada", WorkspaceRole.Admin), ("dev", WorkspaceRole.Developer), ("vic", WorkspaceRole.Viewer) })
        {
            await server.AddMemberAsync(team, await server.CreateUserAsync(name), role);
        }

        await server.CreateUserAsync("sam"); // no member of team
        await using var scope = server.Services.CreateAsyncScope();
        var nodes = scope.ServiceProvider.GetRequiredService<IDashboardNodes>();

        foreach (var refused in new[] { "dev", "vic", "sam" })
        {
            Assert.False(await nodes.CanAddNodesAsync(Signed(refused), "team"));
            await Assert.ThrowsAsync<DashboardException>(() => nodes.CreateJoinTokenAsync(Signed(refused), "team", "refused"));
        }

        Assert.True(await nodes.CanAddNodesAsync(Signed("olga"), "team"));
        Assert.True(await nodes.CanAddNodesAsync(Signed("ada"), "team"));
        var minted = await nodes.CreateJoinTokenAsync(Signed("ada"), "team", "dashboard: add node web-1");

        // The token is the console's: the server's CA hash, then a secret that buys a node credential in team.
        var token = JoinToken.TryParse(minted.Token)!;
        Assert.Equal(JoinToken.CaHashOf(File.ReadAllText(Path.Combine(dir.Path, "tls", "ca.crt"))), token.CaHash);
        Assert.Equal(HttpStatusCode.Created, (await NodeHubs.JoinAsync(server.Address, token.Secret, "web-1")).StatusCode);
        var listed = await scope.ServiceProvider.GetRequiredService<JoinTokenStore>().ListAsync("team", CancellationToken.None);
        Assert.Equal(("dashboard: add node web-1", "ada"), (Assert.Single(listed).Description, listed[0].CreatedBy));

        var audit = scope.ServiceProvider.GetRequiredService<AuditStore>();
        var rows = await Eventually.WaitForAsync("the four attempts in the audit log",
            () => audit.ReadAsync(new AuditQuery("team", Resource: JoinTokenEndpoints.CreateRoute), CancellationToken.None),
            rows => rows.Count == 4, Deadline);
        Assert.Equal([("ada", 201), ("dev", 403), ("sam", 404), ("vic", 403)], rows.Select(r => (r.User!, r.Status)).OrderBy(r => r.Item1));
        Assert.All(rows, r => Assert.Equal("dashboard", r.Source));
    }

    [PostgresFact]
    public async Task Two_nodes_reports_make_one_point_of_their_total_per_slot_and_the_dashboard_hears_each_report()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, controllers: TestServers.NoControllers);
        await using var scope = server.Services.CreateAsyncScope();
        var nodes = scope.ServiceProvider.GetRequiredService<IDashboardNodes>();
        Assert.Empty(nodes.HistoryOf("default"));
        var heard = 0;
        using var subscription = nodes.OnReported("default", () => Interlocked.Increment(ref heard));
        using var elsewhere = nodes.OnReported("other", () => Assert.Fail("a report of default reached a page of another workspace"));

        await using var first = await RegisteredHubAsync(server, "n1");
        await using var second = await RegisteredHubAsync(server, "n2");
        await first.InvokeAsync(AgentHubMethods.ReportMetrics, Report(1_500_000_000, 1L << 30));
        await second.InvokeAsync(AgentHubMethods.ReportMetrics, Report(500_000_000, 1L << 29));
        await first.InvokeAsync(AgentHubMethods.ReportMetrics, Report(1_000_000_000, 1L << 30));

        Assert.Equal(3, Volatile.Read(ref heard));
        Assert.Equal(new ResourceUsage(1_000_000_000, 1L << 30), nodes.UsageOf("default")["n1"]);
        var history = nodes.HistoryOf("default");
        // Reports within one 10 s slot replace its point, except when the slot turned between two calls.
        Assert.InRange(history.Count, 1, 2);
        Assert.Equal((new ResourceUsage(1_500_000_000, (1L << 30) + (1L << 29)), 2), (history[^1].Usage, history[^1].Nodes));
        Assert.Empty(nodes.HistoryOf("other"));
    }

    [Fact]
    public void The_history_keeps_fifteen_minutes_one_point_per_ten_seconds()
    {
        var history = new UsageHistory();
        var start = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        for (var second = 0; second < 20 * 60; second += 5)
        {
            history.Record("w", start.AddSeconds(second), [new ResourceUsage(second, 1)]);
        }

        var points = history.Of("w");
        Assert.Equal(91, points.Count); // 15 min of 10 s slots, both ends included
        Assert.Equal(start.AddSeconds(20 * 60 - 5), points[^1].At);
        Assert.Equal(20 * 60 - 5, points[^1].Usage.CpuNanoCores); // the later report of a slot won
        Assert.True(points[^1].At - points[0].At <= UsageHistory.Retention);
    }

    private static ClaimsPrincipal Signed(string user) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "test"));

    private static MetricsReport Report(long nanoCores, long bytes) => new(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(10), new ResourceUsage(nanoCores, bytes), []);

    private static async Task<HubConnection> RegisteredHubAsync(BerthServer server, string node) =>
        await NodeHubs.RegisteredAsync(server.Address, (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("default", node)).Secret, node);
}
