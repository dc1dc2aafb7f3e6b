using System.Diagnostics;
using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>Two servers on one PostgreSQL, each with its own data directory, serve one workspace together.</summary>
public sealed class ReplicaTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [PostgresFact]
    public async Task Each_replica_keeps_its_own_kubeconfig_working_and_a_watch_on_one_sees_a_write_through_the_other()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dirA = new TempDirectory();
        using var dirB = new TempDirectory();
        await using var a = await TestServers.StartAsync(dirA.Path, database.Url);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url);
        using var apiA = KubeApi.Admin(a);
        using var apiB = KubeApi.Admin(b);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/api")).Status); // B's start did not revoke A's token

        var list = await apiA.GetAsync(ConfigMaps);
        using var watch = await apiA.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");
        var written = Stopwatch.StartNew();
        var created = await apiB.PostAsync(ConfigMaps, """{"metadata":{"name":"through-b"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var seen = await watch.NextAsync();
        Assert.Equal("ADDED", seen!["type"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion, seen["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.True(written.Elapsed < TimeSpan.FromSeconds(1), $"the watch saw the write after {written.Elapsed}");
    }
}
