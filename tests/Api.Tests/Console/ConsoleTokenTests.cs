using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Authentication;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Console;

/// <summary>API tokens made, listed and revoked through the console, and what each may do on the Kubernetes API.</summary>
public sealed class ConsoleTokenTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task A_viewer_token_of_an_owner_reads_but_cannot_write_and_lists_show_it_without_its_secret()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var olga = await server.CreateUserAsync("olga");
        await server.CreateWorkspaceAsync("olga-ws", olga);
        using var console = await ConsoleClient.SignInAsync(server.Address, "olga", Tenants.Password);

        var made = await console.PostAsync("/console/v1/user/tokens", """{"name":"dashboards","workspace":"olga-ws","role":"viewer"}""");
        Assert.Equal(HttpStatusCode.Created, made.Status);
        var secret = made.Json!["token"]!.GetValue<string>();
        Assert.StartsWith("berth_", secret);
        Assert.Equal(("dashboards", "olga-ws", "viewer"), (Text(made.Json, "name"), Text(made.Json, "workspace"), Text(made.Json, "role")));

        using var viewer = new KubeApi(server.Address, secret, "olga-ws");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(ConfigMaps)).Status);
        var refused = await viewer.PostAsync(ConfigMaps, """{"metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("User \"olga\" cannot create resource \"configmaps\"", refused.Json["message"]!.GetValue<string>());
        using (var owner = new KubeApi(server.Address, console.Token!, "olga-ws"))
        {
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync(ConfigMaps, """{"metadata":{"name":"x"}}""")).Status); // olga herself may
        }

        // The console sees the cap too: a viewer token reads members but cannot invite.
        using var viewerConsole = new ConsoleClient(server.Address, secret);
        Assert.Equal(HttpStatusCode.OK, (await viewerConsole.GetAsync("/console/v1/workspaces/olga-ws/members")).Status);
        Assert.Equal("viewer", Text((await viewerConsole.GetAsync("/console/v1/workspaces/olga-ws")).Json!, "role"));

        var listed = await console.GetAsync("/console/v1/user/tokens");
        var row = Assert.Single(listed.Json!.AsArray(), t => Text(t!, "name") == "dashboards")!;
        Assert.Equal(("olga-ws", "viewer"), (Text(row, "workspace"), Text(row, "role")));
        Assert.NotNull(row["createdAt"]);
        Assert.DoesNotContain(secret, listed.Text);
        Assert.DoesNotContain(secret[6..20], listed.Text);
    }

    [Fact]
    public async Task Nobody_grants_a_token_more_than_they_have()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var owner = await server.CreateUserAsync("pia");
        var dev = await server.CreateUserAsync("quinn");
        var workspace = await server.CreateWorkspaceAsync("pia-ws", owner);
        await server.CreateWorkspaceAsync("pia-other", owner);
        await server.AddMemberAsync(workspace, dev, WorkspaceRole.Developer);
        using var quinn = await ConsoleClient.SignInAsync(server.Address, "quinn", Tenants.Password);

        var tooHigh = await quinn.PostAsync("/console/v1/user/tokens", """{"name":"root","workspace":"pia-ws","role":"admin"}""");
        Assert.Equal(HttpStatusCode.Forbidden, tooHigh.Status);
        Assert.Contains("'developer'", tooHigh.Detail);
        Assert.Equal(HttpStatusCode.Created, (await quinn.PostAsync("/console/v1/user/tokens", """{"name":"ci","workspace":"pia-ws","role":"developer"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await quinn.PostAsync("/console/v1/user/tokens", """{"name":"ci","workspace":"pia-other"}""")).Status);
        Assert.NotNull((await quinn.PostAsync("/console/v1/user/tokens", """{"name":"","workspace":"pia-ws"}""")).Error("name"));
        Assert.NotNull((await quinn.PostAsync("/console/v1/user/tokens", """{"name":"x","role":"root"}""")).Error("role"));
        Assert.NotNull((await quinn.PostAsync("/console/v1/user/tokens", """{"name":"x","expiresAt":"2020-01-01T00:00:00Z"}""")).Error("expiresAt"));

        // A scoped, capped token hands on no more than it holds: not another scope, not a higher role.
        using var pia = await ConsoleClient.SignInAsync(server.Address, "pia", Tenants.Password);
        var capped = await pia.PostAsync("/console/v1/user/tokens", """{"name":"capped","workspace":"pia-ws","role":"developer"}""");
        using var cappedConsole = new ConsoleClient(server.Address, capped.Json!["token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await cappedConsole.PostAsync("/console/v1/user/tokens", """{"name":"wider","workspace":"pia-other"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await cappedConsole.PostAsync("/console/v1/user/tokens", """{"name":"higher","role":"owner"}""")).Status);
        var inherited = await cappedConsole.PostAsync("/console/v1/user/tokens", """{"name":"same"}""");
        Assert.Equal(HttpStatusCode.Created, inherited.Status);
        Assert.Equal(("pia-ws", "developer"), (Text(inherited.Json!, "workspace"), Text(inherited.Json!, "role")));
    }

    [PostgresFact]
    public async Task A_revoked_or_expired_token_is_refused_on_the_next_request_on_both_replicas()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        await using var a = await TestServers.StartAsync(dirA.Path, database.Url);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url);
        var rae = await a.CreateUserAsync("rae");
        await a.CreateWorkspaceAsync("rae-ws", rae);
        using var console = await ConsoleClient.SignInAsync(a.Address, "rae", Tenants.Password);
        var made = await console.PostAsync("/console/v1/user/tokens", """{"name":"short-lived","workspace":"rae-ws"}""");
        var id = Text(made.Json!, "id");
        var secret = made.Json!["token"]!.GetValue<string>();
        using var onA = new KubeApi(a.Address, secret, "rae-ws");
        using var onB = new KubeApi(b.Address, secret, "rae-ws");
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync(ConfigMaps)).Status);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(ConfigMaps)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await console.DeleteAsync($"/console/v1/user/tokens/{id}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetAsync(ConfigMaps)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetAsync(ConfigMaps)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await console.DeleteAsync($"/console/v1/user/tokens/{id}")).Status);
        var listed = await console.GetAsync("/console/v1/user/tokens");
        Assert.NotNull(Assert.Single(listed.Json!.AsArray(), t => Text(t!, "id") == id)!["revokedAt"]);

        // One that expired a moment ago is as dead, on either server, with nobody revoking it.
        var expired = await a.Services.GetRequiredService<ApiTokenStore>().IssueAsync(new NewToken("rae", "rae-ws", "lapsed", DateTimeOffset.UtcNow.AddSeconds(-1)));
        using var lapsedOnA = new KubeApi(a.Address, expired.Secret, "rae-ws");
        using var lapsedOnB = new KubeApi(b.Address, expired.Secret, "rae-ws");
        Assert.Equal(HttpStatusCode.Unauthorized, (await lapsedOnA.GetAsync(ConfigMaps)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await lapsedOnB.GetAsync(ConfigMaps)).Status);
    }

    [Fact]
    public async Task Workspace_admins_see_and_revoke_every_members_token_and_developers_do_not()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var owner = await server.CreateUserAsync("sam");
        var dev = await server.CreateUserAsync("tess");
        var workspace = await server.CreateWorkspaceAsync("sam-ws", owner);
        await server.AddMemberAsync(workspace, dev, WorkspaceRole.Developer);
        using var tess = await ConsoleClient.SignInAsync(server.Address, "tess", Tenants.Password);
        var made = await tess.PostAsync("/console/v1/user/tokens", """{"name":"laptop","workspace":"sam-ws"}""");
        var id = Text(made.Json!, "id");

        Assert.Equal(HttpStatusCode.Forbidden, (await tess.GetAsync("/console/v1/workspaces/sam-ws/tokens")).Status);
        using var sam = await ConsoleClient.SignInAsync(server.Address, "sam", Tenants.Password);
        var listed = await sam.GetAsync("/console/v1/workspaces/sam-ws/tokens");
        Assert.Equal("tess", Text(Assert.Single(listed.Json!.AsArray(), t => Text(t!, "id") == id)!, "user"));
        Assert.Equal(HttpStatusCode.NoContent, (await sam.DeleteAsync($"/console/v1/workspaces/sam-ws/tokens/{id}")).Status);
        using var revoked = new KubeApi(server.Address, made.Json!["token"]!.GetValue<string>(), "sam-ws");
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync(ConfigMaps)).Status);

        // An unscoped token is the user's own business: not listed, not revocable by a workspace's admins.
        var unscoped = await tess.PostAsync("/console/v1/user/tokens", """{"name":"everywhere"}""");
        Assert.Equal(HttpStatusCode.NotFound, (await sam.DeleteAsync($"/console/v1/workspaces/sam-ws/tokens/{Text(unscoped.Json!, "id")}")).Status);
    }

    [KubectlFact]
    public async Task A_downloaded_kubeconfig_works_with_kubectl_at_the_role_asked()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var una = await server.CreateUserAsync("una");
        await server.CreateWorkspaceAsync("una-ws", una);
        using var console = await ConsoleClient.SignInAsync(server.Address, "una", Tenants.Password);

        var download = await console.PostAsync("/console/v1/workspaces/una-ws/kubeconfig", """{"role":"viewer"}""");
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal("application/yaml", download.ContentType);
        Assert.StartsWith("attachment", download.Disposition);
        var path = Path.Combine(dir.Path, "una.kubeconfig");
        await File.WriteAllTextAsync(path, download.Text);
        var kubectl = new Kubectl(path, Path.Combine(dir.Path, "cache"));

        var namespaces = await kubectl.RunAsync("get", "namespaces", "-o", "name");
        Assert.True(namespaces.ExitCode == 0, namespaces.ToString());
        Assert.Contains("namespace/default", namespaces.Stdout);
        var create = await kubectl.RunAsync("create", "configmap", "refused", "--from-literal=a=b");
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("configmaps is forbidden: User \"una\" cannot create", create.Stderr);
        Assert.Contains("kubeconfig", (await console.GetAsync("/console/v1/user/tokens")).Text); // its token is listed by its default name
    }

    private static string Text(JsonNode node, string field) => node[field]!.GetValue<string>();
}
