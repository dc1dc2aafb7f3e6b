using System.Text.Json.Nodes;
using Berth.Api.Audit;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Web.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Dashboard;

/// <summary>Scale from a Deployment's page goes through the host as <c>kubectl scale</c> goes through the API: role check, admission, audit.</summary>
public sealed class DashboardScaleTests
{
    private static readonly ResourceType Deployments = ResourceRegistry.BuiltIn.Find("apps", "v1", "deployments")!;

    [PostgresFact]
    public async Task A_developer_scales_a_viewer_is_refused_and_a_negative_count_is_invalid_each_audited()
    {
        await using var host = await DashboardHost.StartAsync();
        var objects = host.Server.Services.GetRequiredService<ResourceObjects>();
        await objects.CreateAsync("alpha", Deployments, "default", JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """)!.AsObject());

        await host.WithAsync<IDashboardDeployments>(d => d.ScaleAsync(host.As("dave"), "alpha", "default", "web", 3));
        var scaled = await objects.GetAsync("alpha", Deployments, "default", "web");
        Assert.Equal(3, (long)scaled["spec"]!["replicas"]!);
        Assert.Contains(scaled["metadata"]!["managedFields"]!.AsArray(), f => (string?)f!["manager"] == "berth-dashboard" && (string?)f["subresource"] == "scale");

        var refused = await Assert.ThrowsAsync<DashboardException>(() => host.WithAsync<IDashboardDeployments>(d => d.ScaleAsync(host.As("carol"), "alpha", "default", "web", 0)));
        Assert.Contains("viewer", refused.Message);
        var invalid = await Assert.ThrowsAsync<DashboardException>(() => host.WithAsync<IDashboardDeployments>(d => d.ScaleAsync(host.As("alice"), "alpha", "default", "web", -1)));
        Assert.Contains("spec.replicas", invalid.Message);
        Assert.Equal(3, (long)(await objects.GetAsync("alpha", Deployments, "default", "web"))["spec"]!["replicas"]!);

        var rows = await host.AuditRowsAsync(new AuditQuery("alpha", Resource: "deployments", Verb: "patch"), 3);
        Assert.Equal([("alice", 422), ("carol", 403), ("dave", 200)], rows.Select(r => (r.User, r.Status)));
        Assert.All(rows, r => Assert.Equal(("scale", "web", "dashboard"), (r.Subresource, r.Name, r.Source)));
    }
}
