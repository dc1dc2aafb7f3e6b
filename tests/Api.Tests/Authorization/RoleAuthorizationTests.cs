using System.Net;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Api.Users;

namespace Berth.Api.Tests.Authorization;

/// <summary>What each role may do in a workspace it is a member of, and the 403 Status that says what it may not.</summary>
public sealed class RoleAuthorizationTests(SqliteServer shared) : IClassFixture<SqliteServer>
{
    private const string ConfigMap = """{"metadata":{"name":"settings"},"data":{"k":"v"}}""";
    private const string Secret = """{"metadata":{"name":"creds"},"stringData":{"password":"p"}}""";

    private BerthServer Server => shared.Server;

    [Fact]
    public async Task A_viewer_reads_and_watches_but_cannot_create_and_the_refusal_is_Kubernetes_Forbidden()
    {
        var (api, _) = await MemberAsync("viewers", "vera", WorkspaceRole.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/namespaces/default/pods")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/apis/apps/v1/deployments")).Status);
        using (var watch = await api.WatchAsync("/api/v1/namespaces?watch=1"))
        {
            Assert.Equal(HttpStatusCode.OK, watch.Status);
        }

        var create = await api.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap);
        Assert.Equal(HttpStatusCode.Forbidden, create.Status);
        Assert.Equal("Forbidden", create.Reason);
        Assert.Equal(403, create.Json["code"]!.GetValue<int>());
        Assert.Equal("configmaps is forbidden: User \"vera\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"",
            create.Json["message"]!.GetValue<string>());
        Assert.Equal("configmaps", create.Json["details"]!["kind"]!.GetValue<string>());

        var delete = await api.DeleteAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal("deployments.apps \"web\" is forbidden: User \"vera\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"default\"",
            delete.Json["message"]!.GetValue<string>());
        Assert.Equal(("web", "apps"), (delete.Json["details"]!["name"]!.GetValue<string>(), delete.Json["details"]!["group"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_viewer_never_reads_secrets_and_a_developer_only_once_an_admin_allows_it()
    {
        var workspace = await Server.CreateWorkspaceAsync("secrets", await Server.CreateUserAsync("secrets-founder"));
        var (owner, sid) = await UserAsync(workspace, "sid", WorkspaceRole.Owner);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync("/api/v1/namespaces/default/secrets", Secret)).Status);
        var (viewer, _) = await MemberAsync(workspace, "val", WorkspaceRole.Viewer);
        var (developer, dev) = await UserAsync(workspace, "dev", WorkspaceRole.Developer);

        var refused = await viewer.GetAsync("/api/v1/namespaces/default/secrets/creds");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("secrets \"creds\" is forbidden: User \"val\" cannot get resource \"secrets\" in API group \"\" in the namespace \"default\"", refused.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/secrets")).Status);
        Assert.Equal("""secrets is forbidden: User "val" cannot watch resource "secrets" in API group "" at the cluster scope""",
            (await viewer.GetAsync("/api/v1/secrets?watch=1")).Json["message"]!.GetValue<string>());

        // By default Secrets are write-only to developers: they set one, they cannot read it back.
        var hidden = await developer.GetAsync("/api/v1/namespaces/default/secrets/creds");
        Assert.Equal(HttpStatusCode.Forbidden, hidden.Status);
        Assert.EndsWith("in the namespace \"default\": developers of this workspace may not read Secrets (an owner or admin can allow it)",
            hidden.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await developer.GetAsync("/api/v1/secrets?watch=1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await developer.PatchAsync("/api/v1/namespaces/default/secrets/creds", """{"stringData":{"password":"q"}}""")).Status);

        using (var devConsole = new ConsoleClient(Server.Address, await Server.IssueTokenAsync(dev, workspace.Name)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await devConsole.PatchAsync($"/console/v1/workspaces/{workspace.Name}", """{"developersReadSecrets":true}""")).Status);
        }

        using (var ownerConsole = new ConsoleClient(Server.Address, await Server.IssueTokenAsync(sid, workspace.Name)))
        {
            var allowed = await ownerConsole.PatchAsync($"/console/v1/workspaces/{workspace.Name}", """{"developersReadSecrets":true}""");
            Assert.Equal(HttpStatusCode.OK, allowed.Status);
            Assert.True(allowed.Json!["developersReadSecrets"]!.GetValue<bool>());
        }

        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync("/api/v1/namespaces/default/secrets/creds")).Status);
        Assert.Equal(HttpStatusCode.OK, (await developer.GetAsync("/api/v1/secrets")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/secrets")).Status); // viewers still never
    }

    [Fact]
    public async Task A_developer_writes_workloads_and_configuration_but_not_nodes_or_status()
    {
        var (api, _) = await MemberAsync("developers", "dora", WorkspaceRole.Developer);

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"web"}}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/namespaces/web/configmaps", ConfigMap)).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/namespaces/web/secrets", Secret)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.PatchAsync("/api/v1/namespaces/web/configmaps/settings", """{"data":{"k":"w"}}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync("/api/v1/namespaces/web/configmaps/settings")).Status);

        var node = await api.PostAsync("/api/v1/nodes", """{"metadata":{"name":"n1"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, node.Status);
        Assert.Equal("""nodes is forbidden: User "dora" cannot create resource "nodes" in API group "" at the cluster scope""", node.Json["message"]!.GetValue<string>());
        var status = await api.PutAsync("/api/v1/namespaces/web/pods/p/status", """{"metadata":{"name":"p"}}""");
        Assert.Equal("pods \"p\" is forbidden: User \"dora\" cannot update resource \"pods/status\" in API group \"\" in the namespace \"web\"", status.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_writes_nodes_and_a_read_only_token_of_an_owner_only_reads()
    {
        var (admin, workspace) = await MemberAsync("admins", "ada", WorkspaceRole.Admin);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/v1/nodes", """{"metadata":{"name":"n1"}}""")).Status);

        var (_, owner) = await UserAsync(workspace, "ozzy", WorkspaceRole.Owner);
        using var readOnly = new KubeApi(Server.Address, await Server.IssueTokenAsync(owner, workspace.Name, readOnly: true), workspace.Name);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/api/v1/nodes/n1")).Status);
        var refused = await readOnly.DeleteAsync("/api/v1/nodes/n1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("""nodes "n1" is forbidden: User "ozzy" cannot delete resource "nodes" in API group "" at the cluster scope: the token is read-only""",
            refused.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_removed_member_is_shut_out_at_once_and_a_demoted_one_loses_the_right()
    {
        var (api, workspace) = await MemberAsync("leavers", "lee", WorkspaceRole.Developer);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap)).Status);

        await Server.RosterAsync(r => r.ChangeRoleAsync(workspace, new BerthUser(), WorkspaceRole.Owner, "lee", WorkspaceRole.Viewer, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.DeleteAsync("/api/v1/namespaces/default/configmaps/settings")).Status);

        await Server.RosterAsync(r => r.RemoveAsync(workspace, new BerthUser(), WorkspaceRole.Owner, "lee", CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/namespaces/default/configmaps")).Status);
    }

    /// <summary>A new workspace (owned by its own owner) with a member of <paramref name="role"/>, and that member's client.</summary>
    private async Task<(KubeApi Api, Workspace Workspace)> MemberAsync(string workspace, string user, WorkspaceRole role)
    {
        var founder = await Server.CreateUserAsync(workspace + "-founder");
        return await MemberAsync(await Server.CreateWorkspaceAsync(workspace, founder), user, role);
    }

    private async Task<(KubeApi Api, Workspace Workspace)> MemberAsync(Workspace workspace, string user, WorkspaceRole role)
    {
        var (api, _) = await UserAsync(workspace, user, role);
        return (api, workspace);
    }

    private async Task<(KubeApi Api, BerthUser User)> UserAsync(Workspace workspace, string name, WorkspaceRole role)
    {
        var user = await Server.CreateUserAsync(name);
        await Server.AddMemberAsync(workspace, user, role);
        return (new KubeApi(Server.Address, await Server.IssueTokenAsync(user, workspace.Name), workspace.Name), user);
    }
}
