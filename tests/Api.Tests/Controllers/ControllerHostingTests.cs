using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Controllers;

/// <summary>A server on the embedded SQLite is the only process on its database, so it leads at once, and says so.</summary>
public sealed class ControllerHostingTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_sqlite_server_leads_logs_it_and_reports_its_controllers_in_metrics()
    {
        using var dir = new TempDirectory();
        var logs = new CapturedLogs();
        await using var server = await TestServers.StartAsync(dir.Path, logging: logs.AddTo, controllers: TestServers.QuickControllers);
        await Eventually.WaitForAsync("leadership", () => Task.FromResult(server.Controllers.IsLeader), leads => leads, Within);
        Assert.Contains(logs.Entries, e => e.Message == "Became the controller leader (sqlite): running the controllers for every workspace");

        // One garbage collection, so the reconcile instruments have something to show.
        using var api = KubeApi.Admin(server);
        var owner = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"owner"}}""");
        var uid = owner.Json["metadata"]!["uid"]!.GetValue<string>();
        await api.PostAsync("/api/v1/namespaces/default/configmaps",
            $$$"""{"metadata":{"name":"dependent","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"{{{uid}}}"}]}}""");
        await api.DeleteAsync("/api/v1/namespaces/default/configmaps/owner");
        await Eventually.WaitForAsync("the dependent to be collected",
            async () => (await api.GetAsync("/api/v1/namespaces/default/configmaps/dependent")).Status, s => s == HttpStatusCode.NotFound, Within);

        var metrics = PrometheusText.Parse((await Http.GetAsync(server.Url("/metrics"))).Body);
        Assert.Equal("gauge", metrics.Types["berth_controllers_leader"]);
        Assert.Contains(metrics.Named("berth_controllers_leader"), s => s.Value >= 1);
        Assert.Equal("gauge", metrics.Types["berth_controllers_queue_depth"]);
        Assert.Contains(metrics.Named("berth_controllers_queue_depth"), s => s.Labels["controller"] == "garbage-collector");
        Assert.Contains(metrics.Named("berth_controllers_reconciles_total"), s => s.Labels["controller"] == "garbage-collector" && s.Value >= 1);
        Assert.Contains(metrics.Named("berth_controllers_reconcile_duration_seconds_count"), s => s.Labels["controller"] == "garbage-collector" && s.Value >= 1);
    }
}
