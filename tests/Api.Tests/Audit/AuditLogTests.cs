using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Audit;

/// <summary>
/// The audit log end to end: kubectl writes through a token, a refused write and console calls
/// each leave one row, readable (and filterable) by the workspace's owners and admins only.
/// </summary>
public sealed class AuditLogTests
{
    [KubectlFact]
    public async Task On_sqlite_kubectl_writes_and_refusals_are_audited_for_admins_only()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await KubectlWritesAreAuditedAsync(server, dir.Path);
    }

    [KubectlFact(postgres: true)]
    public async Task On_postgres_kubectl_writes_and_refusals_are_audited_for_admins_only()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        await KubectlWritesAreAuditedAsync(server, dir.Path);
    }

    private static async Task KubectlWritesAreAuditedAsync(BerthServer server, string dir)
    {
        var alice = await server.CreateUserAsync("alice");
        var carol = await server.CreateUserAsync("carol");
        var alpha = await server.CreateWorkspaceAsync("alpha", alice);
        await server.AddMemberAsync(alpha, carol, WorkspaceRole.Viewer);
        await server.CreateUserAsync("bob");

        var owner = new Kubectl(await Kubeconfigs.WriteAsync(server, dir, "alice", "alpha", await server.IssueTokenAsync(alice, null)), Path.Combine(dir, "cache-alice"));
        Assert.Equal(0, (await owner.RunAsync("create", "configmap", "settings", "--from-literal=k=v")).ExitCode);
        var manifest = Path.Combine(dir, "tuning.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuning\ndata:\n  k: v\n");
        Assert.Equal(0, (await owner.RunAsync("apply", "-f", manifest)).ExitCode);
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tuning\ndata:\n  k: w\n");
        Assert.Equal(0, (await owner.RunAsync("apply", "-f", manifest)).ExitCode);
        Assert.Equal(0, (await owner.RunAsync("delete", "configmap", "settings")).ExitCode);

        var viewer = new Kubectl(await Kubeconfigs.WriteAsync(server, dir, "carol", "alpha", await server.IssueTokenAsync(carol, null)), Path.Combine(dir, "cache-carol"));
        Assert.NotEqual(0, (await viewer.RunAsync("create", "configmap", "refused", "--from-literal=k=v")).ExitCode);

        using var console = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        var rows = await Eventually.WaitForAsync("the refused create in the audit log",
            async () => Rows(await console.GetAsync("/console/v1/workspaces/alpha/audit?resource=configmaps")),
            rows => rows.Any(r => r.User == "carol"), TimeSpan.FromSeconds(10));

        // Newest first: carol's refusal, alice's delete, the apply that patched, the apply that created, the create.
        Assert.Equal(
            [("carol", "create", (string?)null, 403), ("alice", "delete", "settings", 200), ("alice", "patch", "tuning", 200),
             ("alice", "create", "tuning", 201), ("alice", "create", "settings", 201)],
            rows.Select(r => (r.User, r.Verb, r.Name, r.Status)));
        Assert.All(rows, r => Assert.StartsWith("tok_", r.TokenId));
        Assert.All(rows, r => Assert.Equal("127.0.0.1", r.Source));

        Assert.Equal(["delete"], Rows(await console.GetAsync("/console/v1/workspaces/alpha/audit?verb=delete")).Select(r => r.Verb));
        // A refused create made nothing, so it has no name, as in Kubernetes' audit.
        Assert.Equal([403], Rows(await console.GetAsync("/console/v1/workspaces/alpha/audit?user=carol")).Select(r => r.Status));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        Assert.Empty(Rows(await console.GetAsync($"/console/v1/workspaces/alpha/audit?since={future}")));
        Assert.Equal(5, Rows(await console.GetAsync($"/console/v1/workspaces/alpha/audit?resource=configmaps&until={future}")).Count);

        // Paged: two at a time, the cursor leads to the older rows, and the pages do not overlap.
        var first = await console.GetAsync("/console/v1/workspaces/alpha/audit?resource=configmaps&limit=2");
        var cursor = first.Json!["continue"]!.GetValue<string>();
        var second = await console.GetAsync($"/console/v1/workspaces/alpha/audit?resource=configmaps&limit=2&continue={cursor}");
        Assert.Equal(rows.Skip(2).Take(2).Select(r => r.Name), Rows(second).Select(r => r.Name));

        using var carolConsole = await ConsoleClient.SignInAsync(server.Address, "carol", Tenants.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await carolConsole.GetAsync("/console/v1/workspaces/alpha/audit")).Status);
        using var bobConsole = await ConsoleClient.SignInAsync(server.Address, "bob", Tenants.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await bobConsole.GetAsync("/console/v1/workspaces/alpha/audit")).Status);
    }

    [Fact]
    public async Task Console_writes_are_audited_with_their_route_not_their_body()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var alice = await server.CreateUserAsync("alice");
        await server.CreateUserAsync("dave");
        await server.CreateWorkspaceAsync("alpha", alice);
        using var console = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        Assert.Equal(HttpStatusCode.Created, (await console.PostAsync("/console/v1/workspaces/alpha/members", """{"user":"dave","role":"developer"}""")).Status);

        var rows = await Eventually.WaitForAsync("the member added in the audit log",
            async () => Rows(await console.GetAsync("/console/v1/workspaces/alpha/audit")),
            rows => rows.Count > 0, TimeSpan.FromSeconds(10));
        var row = Assert.Single(rows);
        Assert.Equal(("alice", "post", "/console/v1/workspaces/{workspace}/members", 201), (row.User, row.Verb, row.Resource, row.Status));
    }

    [Fact]
    public async Task A_user_reads_their_own_rows_sign_ins_and_workspace_creation_included_and_nobody_elses()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await server.CreateUserAsync("erin");
        await server.CreateUserAsync("finn");
        using (var anonymous = new ConsoleClient(server.Address))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/console/v1/tokens", """{"login":"erin","password":"not her password"}""")).Status);
        }

        using var erin = await ConsoleClient.SignInAsync(server.Address, "erin", Tenants.Password);
        Assert.Equal(HttpStatusCode.Created, (await erin.PostAsync("/console/v1/workspaces", """{"name":"erin-ws"}""")).Status);
        using var finn = await ConsoleClient.SignInAsync(server.Address, "finn", Tenants.Password);

        var rows = await Eventually.WaitForAsync("erin's sign-ins and new workspace in her audit log",
            async () => Rows(await erin.GetAsync("/console/v1/user/audit")),
            rows => rows.Count >= 3, TimeSpan.FromSeconds(10));
        Assert.Equal([("/console/v1/workspaces", 201), ("/console/v1/tokens", 201), ("/console/v1/tokens", 401)],
            rows.Select(r => (r.Resource, r.Status)));
        Assert.All(rows, r => Assert.Equal("erin", r.User));
        Assert.DoesNotContain(Rows(await finn.GetAsync("/console/v1/user/audit")), r => r.User == "erin");
        Assert.Single(Rows(await erin.GetAsync("/console/v1/user/audit?verb=post&limit=1")));
    }

    private sealed record Row(string? User, string? TokenId, string Verb, string? Resource, string? Name, int Status, string? Source);

    private static List<Row> Rows(ConsoleClient.Answer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        return answer.Json!["items"]!.AsArray().Select(r => new Row(
            Text(r!, "user"), Text(r!, "tokenId"), r!["verb"]!.GetValue<string>(), Text(r!, "resource"), Text(r!, "name"),
            r!["status"]!.GetValue<int>(), Text(r!, "source"))).ToList();
    }

    private static string? Text(JsonNode row, string field) => row[field]?.GetValue<string>();
}
