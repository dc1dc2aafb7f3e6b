using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Console;

/// <summary>Workspaces and members through the console API, as two users would use it, on both datastores.</summary>
public sealed class ConsoleWorkspaceTests
{
    [Fact]
    public async Task On_sqlite_two_users_share_a_workspace_by_the_rules()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        await TwoUsersShareAWorkspaceAsync(server);
    }

    [PostgresFact]
    public async Task On_postgres_two_users_share_a_workspace_by_the_rules()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        await TwoUsersShareAWorkspaceAsync(server);
    }

    [Fact]
    public async Task A_scoped_token_sees_its_workspace_only_and_makes_none()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var gus = await server.CreateUserAsync("gus");
        await server.CreateWorkspaceAsync("gus-one", gus);
        await server.CreateWorkspaceAsync("gus-two", gus);

        using var scoped = await ConsoleClient.SignInAsync(server.Address, "gus", Tenants.Password, workspace: "gus-one");
        var listed = await scoped.GetAsync("/console/v1/workspaces");
        Assert.Equal(["gus-one"], listed.Json!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await scoped.GetAsync("/console/v1/workspaces/gus-two")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.PostAsync("/console/v1/workspaces", """{"name":"gus-three"}""")).Status);

        using var anonymous = new ConsoleClient(server.Address);
        var notMine = await anonymous.PostAsync("/console/v1/tokens", """{"login":"admin","password":"x","workspace":"gus-one"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, notMine.Status); // wrong password first: nothing said about the workspace
    }

    private static async Task TwoUsersShareAWorkspaceAsync(BerthServer server)
    {
        using var anonymous = new ConsoleClient(server.Address);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/users", """{"userName":"alice","password":"correct horse battery"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/users", """{"userName":"bob","email":"bob@example.test","password":"correct horse battery"}""")).Status);
        using var alice = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        using var bob = await ConsoleClient.SignInAsync(server.Address, "bob", Tenants.Password);

        using (var early = new KubeApi(server.Address, alice.Token!, "shop"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await early.GetAsync("/api")).Status); // not there yet: remembered as "not a member"
        }

        var created = await alice.PostAsync("/console/v1/workspaces", """{"name":"shop"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("shop", "owner"), (created.Json!["name"]!.GetValue<string>(), created.Json["role"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostAsync("/console/v1/workspaces", """{"name":"shop"}""")).Status);
        Assert.NotNull((await bob.PostAsync("/console/v1/workspaces", """{"name":"Not A Label"}""")).Error("name"));

        // The new workspace is a cluster to kubectl at once (no stale "not a member" in the way): its default namespace is there.
        using (var kube = new KubeApi(server.Address, alice.Token!, "shop"))
        {
            Assert.Equal(HttpStatusCode.OK, (await kube.GetAsync("/api/v1/namespaces/default")).Status);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/console/v1/workspaces/shop")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/console/v1/workspaces/shop/members")).Status);
        var invited = await alice.PostAsync("/console/v1/workspaces/shop/members", """{"user":"bob@example.test","role":"viewer"}""");
        Assert.Equal(HttpStatusCode.Created, invited.Status);
        Assert.Equal(("bob", "viewer"), (invited.Json!["user"]!.GetValue<string>(), invited.Json["role"]!.GetValue<string>()));
        Assert.Equal("must be one of viewer, developer, admin, owner",
            (await alice.PatchAsync("/console/v1/workspaces/shop/members/bob", """{"role":"superuser"}""")).Error("role"));

        var members = await bob.GetAsync("/console/v1/workspaces/shop/members");
        Assert.Equal([("alice", "owner"), ("bob", "viewer")], members.Json!.AsArray().Select(m => (m!["user"]!.GetValue<string>(), m["role"]!.GetValue<string>())));
        var refused = await bob.PostAsync("/console/v1/workspaces/shop/members", """{"user":"admin","role":"viewer"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);

        var promoted = await alice.PatchAsync("/console/v1/workspaces/shop/members/bob", """{"role":"developer"}""");
        Assert.Equal("developer", promoted.Json!["role"]!.GetValue<string>());
        var lastOwner = await alice.DeleteAsync("/console/v1/workspaces/shop/members/alice");
        Assert.Equal(HttpStatusCode.Conflict, lastOwner.Status);
        Assert.Contains("last owner", lastOwner.Detail);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PatchAsync("/console/v1/workspaces/shop/members/alice", """{"role":"admin"}""")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await bob.DeleteAsync("/console/v1/workspaces/shop/members/bob")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync("/console/v1/workspaces/shop")).Status);
        var mine = await alice.GetAsync("/console/v1/workspaces");
        Assert.Equal(["shop"], mine.Json!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
    }
}
