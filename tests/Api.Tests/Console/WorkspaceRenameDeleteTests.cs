using System.Net;
using Berth.Engine.Nodes;
using Berth.Api.Agents;
using Berth.Api.Tenancy;
using Berth.Api.Users;
using Berth.Api.Tests.Support;
using Berth.Engine.Store;
using Berth.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Console;

/// <summary>Renaming and deleting a workspace through the console API, on both datastores, checked against the tables themselves.</summary>
public sealed class WorkspaceRenameDeleteTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    // Every table that holds rows of a workspace by name, besides the head.
    private static readonly string[] StoreTables = ["revisions", "current_values", "revision_marks", "node_heartbeats"];

    [Fact]
    public async Task On_sqlite_a_rename_moves_everything_or_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await RenameAsync(server);
    }

    [PostgresFact]
    public async Task On_postgres_a_rename_moves_everything_or_nothing()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        await RenameAsync(server);
    }

    [Fact]
    public async Task On_sqlite_a_deleted_workspace_is_gone_everywhere_and_its_name_free()
    {
        using var dir = new TempDirectory();
        // No controllers: one that discovers the new workspace just as it is deleted can write a row
        // after the purge (a known gap, in docs/identity.md), which this test is not about.
        await using var server = await TestServers.StartAsync(dir.Path, controllers: TestServers.NoControllers);
        await DeleteAsync(server);
    }

    [PostgresFact]
    public async Task On_postgres_a_deleted_workspace_is_gone_everywhere_and_its_name_free()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, controllers: TestServers.NoControllers);
        await DeleteAsync(server);
    }

    private static async Task RenameAsync(BerthServer server)
    {
        var (alice, _, _) = await ShopWithMembersAsync(server);
        var dave = await server.CreateUserAsync("dave");
        await server.CreateWorkspaceAsync("taken", dave);
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        using var admin = await ConsoleClient.SignInAsync(server.Address, "bob", Tenants.Password);
        using var viewer = await ConsoleClient.SignInAsync(server.Address, "carol", Tenants.Password);
        using var stranger = await ConsoleClient.SignInAsync(server.Address, "dave", Tenants.Password);
        var scopedToken = await server.IssueTokenAsync(alice, "shop");
        using var shop = new KubeApi(server.Address, owner.Token!, "shop");
        Assert.Equal(HttpStatusCode.Created, (await shop.PostAsync(ConfigMaps, ConfigMap("menu"))).Status);
        var revisionBefore = await server.Store.CurrentRevisionAsync("shop");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""")).Status);
        Assert.NotNull((await owner.PatchAsync("/console/v1/workspaces/shop", """{"name":"Not A Label"}""")).Error("name"));
        var taken = await owner.PatchAsync("/console/v1/workspaces/shop", """{"name":"taken"}""");
        Assert.Equal(HttpStatusCode.Conflict, taken.Status);
        Assert.Equal("application/problem+json", taken.ContentType);
        // Nothing moved: the object is where it was, and so are the rows.
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"{ConfigMaps}/menu")).Status);
        Assert.True(await CountAsync(server, "current_values", "shop") > 0);
        Assert.Equal(0, await CountAsync(server, "current_values", "store"));

        using var watch = await shop.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={revisionBefore}");
        Assert.Equal(HttpStatusCode.OK, watch.Status);

        var renamed = await owner.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""");
        Assert.Equal(HttpStatusCode.OK, renamed.Status);
        Assert.Equal(("store", "owner"), (renamed.Json!["name"]!.GetValue<string>(), renamed.Json["role"]!.GetValue<string>()));

        // The watch on the old name ends (as after a 410: the client re-lists, and finds the workspace gone).
        await WatchEndsAsync(watch);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync($"{ConfigMaps}/menu")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/console/v1/workspaces/shop")).Status);

        using var store = new KubeApi(server.Address, owner.Token!, "store");
        var moved = await store.GetAsync($"{ConfigMaps}/menu");
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Equal("menu", moved.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await store.PostAsync(ConfigMaps, ConfigMap("specials"))).Status); // writes go on from the moved head
        Assert.True(await server.Store.CurrentRevisionAsync("store") > revisionBefore);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/console/v1/workspaces/store/members")).Status); // members came along

        // The old name keeps only its head: revisions never start over under a name.
        foreach (var table in StoreTables)
        {
            Assert.Equal(0, await CountAsync(server, table, "shop"));
        }

        Assert.Equal(revisionBefore, await server.Store.CompactedRevisionAsync("shop"));

        // A token scoped to the workspace moved with it (once the verified-token cache has let go of the old scope).
        using var scoped = new KubeApi(server.Address, scopedToken, "store");
        await Eventually.WaitForAsync("the scoped token opens the renamed workspace",
            () => scoped.GetAsync($"{ConfigMaps}/menu"), r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(20));

        // The rename is audited under the name it was made on: audit rows are history.
        await Eventually.WaitForAsync("the rename's audit row",
            () => CountAsync(server, "audit_events", "shop", "verb = 'patch' AND resource = '/console/v1/workspaces/{workspace}/' AND status = 200 AND user_name = 'alice'"),
            n => n == 1, TimeSpan.FromSeconds(10));
    }

    private static async Task DeleteAsync(BerthServer server)
    {
        var (alice, _, _) = await ShopWithMembersAsync(server);
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        using var admin = await ConsoleClient.SignInAsync(server.Address, "bob", Tenants.Password);
        var scopedToken = await server.IssueTokenAsync(alice, "shop");
        await server.Services.GetRequiredService<JoinTokenStore>().IssueAsync("shop", "rack 1", "alice", null);
        await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("shop", "node-1");
        await server.Services.GetRequiredService<Berth.Engine.Nodes.NodeHeartbeats>().BeatAsync("shop", "node-1", "test", DateTimeOffset.UtcNow, CancellationToken.None);
        using var shop = new KubeApi(server.Address, owner.Token!, "shop");
        Assert.Equal(HttpStatusCode.Created, (await shop.PostAsync(ConfigMaps, ConfigMap("menu"))).Status);
        await server.Store.MarkRevisionAsync("shop", DateTimeOffset.UtcNow);
        var revision = await server.Store.CurrentRevisionAsync("shop");
        using var watch = await shop.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={revision}");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.DeleteAsync("/console/v1/workspaces/shop")).Status);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync($"{ConfigMaps}/menu")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/console/v1/workspaces/shop")).Status);

        // At once, on this server: every route 404s, for the owner too; the watch ends.
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync("/api/v1/namespaces")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/console/v1/workspaces/shop")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/console/v1/workspaces/shop/members")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync("/console/v1/workspaces/shop")).Status);
        await WatchEndsAsync(watch);
        using (var scoped = new KubeApi(server.Address, scopedToken, "shop"))
        {
            Assert.Contains((await scoped.GetAsync("/api/v1/namespaces")).Status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.NotFound });
        }

        // Members gone, credentials revoked, objects, revisions, marks and heartbeats purged, the row removed.
        foreach (var table in StoreTables)
        {
            Assert.Equal(0, await CountAsync(server, table, "shop"));
        }

        Assert.Equal(0, await CountAsync(server, "api_tokens", "shop", "revoked_at IS NULL"));
        Assert.Equal(0, await CountAsync(server, "join_tokens", "shop", "revoked_at IS NULL"));
        Assert.Equal(0, await CountAsync(server, "node_credentials", "shop", "revoked_at IS NULL"));
        Assert.Equal(0, await ScalarAsync(server, "SELECT count(*) FROM workspaces WHERE name = 'shop'"));
        Assert.Equal(0, await ScalarAsync(server, "SELECT count(*) FROM workspace_members m WHERE NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.id = m.workspace_id)"));
        Assert.Equal(revision, await server.Store.CompactedRevisionAsync("shop"));
        Assert.False(await server.Services.GetRequiredService<NodeCredentialStore>().HasLiveAsync("shop", "node-1"));
        await Eventually.WaitForAsync("the deletion's audit row",
            () => CountAsync(server, "audit_events", "shop", "verb = 'delete' AND resource = '/console/v1/workspaces/{workspace}/' AND status = 204 AND user_name = 'alice'"),
            n => n == 1, TimeSpan.FromSeconds(10));

        // The name is free: made again, the workspace is new and empty, and none of the old tokens open it.
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/console/v1/workspaces", """{"name":"shop"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync($"{ConfigMaps}/menu")).Status);
        Assert.Equal(HttpStatusCode.OK, (await shop.GetAsync("/api/v1/namespaces/default")).Status);
        var members = await owner.GetAsync("/console/v1/workspaces/shop/members");
        Assert.Equal(["alice"], members.Json!.AsArray().Select(m => m!["user"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Created, (await shop.PostAsync(ConfigMaps, ConfigMap("menu"))).Status);
        Assert.True(await server.Store.CurrentRevisionAsync("shop") > revision); // its revisions go on from the old head
        using (var scoped = new KubeApi(server.Address, scopedToken, "shop"))
        {
            await Eventually.WaitForAsync("the old scoped token stays shut out",
                () => scoped.GetAsync("/api/v1/namespaces"), r => r.Status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(20));
        }

        // The audit log of the new workspace does not show the old one's rows.
        var audit = await owner.GetAsync("/console/v1/workspaces/shop/audit");
        Assert.DoesNotContain(audit.Json!["items"]!.AsArray(), row => row!["verb"]!.GetValue<string>() == "delete");
    }

    [Fact]
    public async Task A_deleted_workspace_keeps_its_name_and_rows_until_its_retention_passes()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, deletedWorkspaceRetention: TimeSpan.FromSeconds(1));
        await ShopWithMembersAsync(server);
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        using var shop = new KubeApi(server.Address, owner.Token!, "shop");
        Assert.Equal(HttpStatusCode.Created, (await shop.PostAsync(ConfigMaps, ConfigMap("menu"))).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/console/v1/workspaces/shop")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await shop.GetAsync("/api/v1/namespaces")).Status);
        Assert.True(await CountAsync(server, "current_values", "shop") > 0);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync("/console/v1/workspaces", """{"name":"shop"}""")).Status);

        var purger = server.Services.GetRequiredService<WorkspacePurger>();
        await Eventually.WaitForAsync("the purge once the retention has passed",
            async () =>
            {
                await purger.PurgeDueAsync(CancellationToken.None);
                return await CountAsync(server, "current_values", "shop");
            },
            n => n == 0, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/console/v1/workspaces", """{"name":"shop"}""")).Status);
    }

    [Fact]
    public async Task The_default_workspace_may_be_deleted_and_the_next_start_makes_it_again()
    {
        using var dir = new TempDirectory();
        await using (var server = await TestServers.StartAsync(dir.Path, adminPassword: Tenants.Password))
        {
            using var admin = await ConsoleClient.SignInAsync(server.Address, "admin", Tenants.Password);
            using var kube = KubeApi.Admin(server);
            Assert.Equal(HttpStatusCode.Created, (await kube.PostAsync(ConfigMaps, ConfigMap("menu"))).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/console/v1/workspaces/default")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/console/v1/workspaces/default")).Status);
        }

        await using (var server = await TestServers.StartAsync(dir.Path))
        {
            // Made again, empty, owned by admin, with a fresh kubeconfig token: as on a first start.
            using var kube = KubeApi.Admin(server);
            Assert.Equal(HttpStatusCode.OK, (await kube.GetAsync("/api/v1/namespaces/default")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await kube.GetAsync($"{ConfigMaps}/menu")).Status);
        }
    }

    [Fact]
    public async Task A_renamed_workspace_s_agent_is_dropped_and_comes_back_under_the_new_name_and_a_deleted_one_s_stays_out()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await ShopWithMembersAsync(server);
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        var credential = (await server.Services.GetRequiredService<NodeCredentialStore>().IssueAsync("shop", "node-1")).Secret;
        var sessions = server.Services.GetRequiredService<NodeSessions>();

        var (hub, closed) = await ConnectAgentAsync(server, credential);
        await using (hub)
        {
            Assert.Contains("shop/node-1", sessions.LastHeartbeats.Keys);
            Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""")).Status);
            await closed.WaitAsync(Deadline); // at once: its watches ended, not at the next credential check
        }

        var (again, closedAgain) = await ConnectAgentAsync(server, credential);
        await using (again)
        {
            Assert.Contains("store/node-1", sessions.LastHeartbeats.Keys);
            using var store = new KubeApi(server.Address, owner.Token!, "store");
            Assert.Equal(HttpStatusCode.OK, (await store.GetAsync("/api/v1/nodes/node-1")).Status);

            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/console/v1/workspaces/store")).Status);
            await closedAgain.WaitAsync(Deadline);
        }

        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAgentAsync(server, credential)); // the credential is revoked
        Assert.DoesNotContain(sessions.LastHeartbeats.Keys, k => k.EndsWith("/node-1", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Another_replica_ends_its_watches_at_once_and_shuts_the_old_name_out_within_its_cache_lifetime()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        // No safety poll within the test's span: only the notification can end B's watch.
        var notifyOnly = new RevisionStoreOptions { SafetyPollInterval = TimeSpan.FromHours(1) };
        await using var a = await TestServers.StartAsync(dirA.Path, database.Url, store: notifyOnly);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url, store: notifyOnly);
        await ShopWithMembersAsync(a);
        using var owner = await ConsoleClient.SignInAsync(a.Address, "alice", Tenants.Password);
        using var onB = new KubeApi(b.Address, owner.Token!, "shop");
        var list = await onB.GetAsync(ConfigMaps);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        using var watch = await onB.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");

        Assert.Equal(HttpStatusCode.OK, (await owner.PatchAsync("/console/v1/workspaces/shop", """{"name":"store"}""")).Status);

        await WatchEndsAsync(watch);
        await Eventually.WaitForAsync("B shuts the old name out", () => onB.GetAsync(ConfigMaps), r => r.Status == HttpStatusCode.NotFound, CacheLifetime);
        using var storeOnB = new KubeApi(b.Address, owner.Token!, "store");
        await Eventually.WaitForAsync("B serves the new name", () => storeOnB.GetAsync(ConfigMaps), r => r.Status == HttpStatusCode.OK, CacheLifetime);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync("/console/v1/workspaces/store")).Status);
        await Eventually.WaitForAsync("B shuts the deleted workspace out", () => storeOnB.GetAsync(ConfigMaps), r => r.Status == HttpStatusCode.NotFound, CacheLifetime);
    }

    [PostgresFact]
    public async Task On_postgres_a_member_added_while_the_workspace_is_deleted_is_refused_or_removed_with_it()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        // Kept deleted, not purged: the row stays for an add that waited on the lock to find.
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, deletedWorkspaceRetention: TimeSpan.FromHours(1));
        var uma = await server.CreateUserAsync("uma");
        await server.CreateUserAsync("vic");
        for (var round = 0; round < 5; round++)
        {
            var workspace = await server.CreateWorkspaceAsync($"race-{round}", uma);
            var owner = new Membership(workspace, WorkspaceRole.Owner);

            var adding = Attempt(() => server.RosterAsync(r => r.AddAsync(workspace, WorkspaceRole.Owner, "vic", WorkspaceRole.Viewer, CancellationToken.None)));
            var deleting = ChangesAsync(server, c => c.DeleteAsync(owner, CancellationToken.None));
            await Task.WhenAll(adding, deleting);

            // Whichever went first, the deleted workspace has nobody left in it.
            Assert.Equal(0, await ScalarAsync(server, $"SELECT count(*) FROM workspace_members WHERE workspace_id = '{workspace.Id}'"));
            Assert.Null(await server.MembershipAsync(workspace.Name, uma));
        }
    }

    [PostgresFact]
    public async Task On_postgres_a_rename_and_a_create_racing_for_one_name_leave_one_workspace_under_it()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        var uma = await server.CreateUserAsync("uma");
        var vic = await server.CreateUserAsync("vic");
        for (var round = 0; round < 5; round++)
        {
            var workspace = await server.CreateWorkspaceAsync($"from-{round}", uma);
            var wanted = $"wanted-{round}";

            var outcomes = await Task.WhenAll(
                Succeeds(() => ChangesAsync(server, c => c.RenameAsync(new Membership(workspace, WorkspaceRole.Owner), wanted, CancellationToken.None))),
                Succeeds(() => server.CreateWorkspaceAsync(wanted, vic)));

            Assert.Equal(1, outcomes.Count(succeeded => succeeded));
            Assert.Equal(1, await ScalarAsync(server, $"SELECT count(*) FROM workspaces WHERE name = '{wanted}'"));
            Assert.Equal(outcomes[0] ? 0 : 1, await ScalarAsync(server, $"SELECT count(*) FROM workspaces WHERE name = 'from-{round}'"));
        }
    }

    private static async Task<bool> Succeeds(Func<Task> change)
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

    private static async Task Attempt(Func<Task> change)
    {
        try
        {
            await change();
        }
        catch (TenancyException e) when (e.Error == TenancyError.NotFound)
        {
            // It waited on the deletion's lock and found the workspace gone.
        }
    }

    private static async Task ChangesAsync(BerthServer server, Func<WorkspaceChanges, Task> action)
    {
        await using var scope = server.Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<WorkspaceChanges>());
    }

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    // The role cache's lifetime (10 s), with room to spare.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(20);

    /// <summary>An agent of node-1, registered; and a task that completes when the server drops its connection.</summary>
    private static async Task<(HubConnection Hub, Task Closed)> ConnectAgentAsync(BerthServer server, string credential)
    {
        var hub = NodeHubs.Build(server.Address, credential);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        try
        {
            await hub.StartAsync();
            await hub.InvokeAsync<DesiredState>(AgentHubMethods.Register, new NodeRegistration("node-1", "127.0.0.2",
                new Dictionary<string, string> { ["cpu"] = "1" }, new NodeSystemInfo("linux", "amd64", "6", "test", "docker://0", "berth/0"),
                new Dictionary<string, string>(), []));
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        return (hub, closed.Task);
    }

    /// <summary>Workspace <c>shop</c>: alice owns it, bob is an admin, carol a viewer.</summary>
    private static async Task<(BerthUser Alice, BerthUser Bob, BerthUser Carol)> ShopWithMembersAsync(BerthServer server)
    {
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        var carol = await server.CreateUserAsync("carol");
        var shop = await server.CreateWorkspaceAsync("shop", alice);
        await server.AddMemberAsync(shop, bob, WorkspaceRole.Admin);
        await server.AddMemberAsync(shop, carol, WorkspaceRole.Viewer);
        return (alice, bob, carol);
    }

    private static string ConfigMap(string name) => $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"a":"b"}}""";

    /// <summary>The watch's stream ends (an ERROR event first is allowed), well before its own deadline.</summary>
    private static async Task WatchEndsAsync(KubeApi.WatchLines watch)
    {
        while (await watch.NextAsync() is { } e)
        {
            Assert.Equal("ERROR", e["type"]!.GetValue<string>());
        }
    }

    private static Task<long> CountAsync(BerthServer server, string table, string workspace, string? where = null) =>
        ScalarAsync(server, $"SELECT count(*) FROM {table} WHERE workspace = '{workspace}'" + (where is null ? "" : $" AND {where}"));

    private static async Task<long> ScalarAsync(BerthServer server, string sql)
    {
        await using var connection = await Connections.OpenAsync(server.Datastore, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
