using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Authorization;

/// <summary>What kubectl itself prints when a role refuses a request, and when the workspace is someone else's.</summary>
public sealed class KubectlAuthorizationTests
{
    [KubectlFact]
    public async Task Kubectl_prints_Forbidden_for_a_viewer_and_NotFound_for_another_users_workspace()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var alice = await server.CreateUserAsync("alice");
        var carol = await server.CreateUserAsync("carol");
        var alpha = await server.CreateWorkspaceAsync("alpha", alice);
        await server.AddMemberAsync(alpha, carol, WorkspaceRole.Viewer);
        var bob = await server.CreateUserAsync("bob");
        await server.CreateWorkspaceAsync("beta", bob);

        var viewer = new Kubectl(await Kubeconfigs.WriteAsync(server, dir.Path, "carol", "alpha", await server.IssueTokenAsync(carol, null)), Path.Combine(dir.Path, "cache-carol"));
        var list = await viewer.RunAsync("get", "configmaps");
        Assert.True(list.ExitCode == 0, list.ToString());
        const string refusal = "configmaps is forbidden: User \"carol\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"";
        var create = await viewer.RunAsync("create", "configmap", "settings", "--from-literal=k=v");
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("error: failed to create configmap: " + refusal, create.Stderr);
        var manifest = Path.Combine(dir.Path, "settings.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  k: v\n");
        var apply = await viewer.RunAsync("apply", "-f", manifest);
        Assert.NotEqual(0, apply.ExitCode);
        Assert.Contains("Error from server (Forbidden)", apply.Stderr);
        Assert.Contains(refusal, apply.Stderr);

        var stranger = new Kubectl(await Kubeconfigs.WriteAsync(server, dir.Path, "alice-in-beta", "beta", await server.IssueTokenAsync(alice, null)), Path.Combine(dir.Path, "cache-alice"));
        var get = await stranger.RunAsync("get", "configmaps");
        Assert.NotEqual(0, get.ExitCode);
        Assert.Contains("the server could not find the requested resource", get.Stderr);
        Assert.DoesNotContain("Forbidden", get.Stderr);
    }
}
