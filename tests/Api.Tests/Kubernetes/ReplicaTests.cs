using System.Net;
using Berth.Api.Tests.Support;
using Berth.Engine.Store;
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
        // No safety poll within the test's span: only B's NOTIFY can bring its write to A's watch.
        var notifyOnly = new RevisionStoreOptions { SafetyPollInterval = TimeSpan.FromHours(1) };
        await using var a = await TestServers.StartAsync(dirA.Path, database.Url, store: notifyOnly);
        await using var b = await TestServers.StartAsync(dirB.Path, database.Url, store: notifyOnly);
        using var apiA = KubeApi.Admin(a);
        using var apiB = KubeApi.Admin(b);
        Assert.Equal(HttpStatusCode.OK, (await apiA.GetAsync("/api")).Status); // B's start did not revoke A's token

        var list = await apiA.GetAsync(ConfigMaps);
        using var watch = await apiA.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");
        var created = await apiB.PostAsync(ConfigMaps, """{"metadata":{"name":"through-b"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var seen = await watch.NextAsync();
        Assert.Equal("ADDED", seen!["type"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion, seen["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
