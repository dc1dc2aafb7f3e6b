using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

public sealed class DiscoveryTests
{
    [Fact]
    public async Task Discovery_lists_the_groups_and_resources_as_kubectl_reads_them()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var version = await api.GetAsync("/version");
        Assert.Equal("1", version.Json["major"]!.GetValue<string>());

        var core = await api.GetAsync("/api");
        Assert.Equal("APIVersions", core.Json["kind"]!.GetValue<string>());
        Assert.Equal("v1", core.Json["versions"]![0]!.GetValue<string>());

        var groups = await api.GetAsync("/apis");
        var names = groups.Json["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["apps", "batch", "networking.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "metrics.k8s.io"], names);

        var apps = await api.GetAsync("/apis/apps/v1");
        Assert.Equal("apps/v1", apps.Json["groupVersion"]!.GetValue<string>());
        var deployments = apps.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "deployments")!;
        Assert.Equal("Deployment", deployments["kind"]!.GetValue<string>());
        Assert.Equal("deployment", deployments["singularName"]!.GetValue<string>());
        Assert.True(deployments["namespaced"]!.GetValue<bool>());
        Assert.Equal("deploy", deployments["shortNames"]![0]!.GetValue<string>());
        Assert.Equal("all", deployments["categories"]![0]!.GetValue<string>());
        Assert.Contains("watch", deployments["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains(apps.Json["resources"]!.AsArray(), r => r!["name"]!.GetValue<string>() == "deployments/status");

        var v1 = await api.GetAsync("/api/v1");
        var namespaces = v1.Json["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "namespaces")!;
        Assert.False(namespaces["namespaced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Unknown_group_versions_and_paths_are_404_Status()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        foreach (var path in new[] { "/apis/apps/v2", "/apis/nothing.example/v1", "/api/v1/widgets", "/healthz/whatever" })
        {
            var response = await api.GetAsync(path);
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{path}: {response}");
            Assert.Equal("NotFound", response.Reason);
        }
    }

    [Fact]
    public async Task OpenAPI_v3_declares_server_side_field_validation_for_every_kind()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var index = await api.GetAsync("/openapi/v3");
        var apps = index.Json["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var document = await api.GetAsync(apps);
        var patch = document.Json["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("Deployment", patch["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
    }
}
