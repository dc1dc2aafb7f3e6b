using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

public sealed class ScaleTests
{
    private const string Deployment = "/apis/apps/v1/namespaces/default/deployments/web";

    [Fact]
    public async Task The_scale_subresource_reads_and_sets_spec_replicas()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync("/apis/apps/v1/namespaces/default/deployments",
            """{"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}}""");

        var scale = await api.GetAsync(Deployment + "/scale");
        Assert.Equal(HttpStatusCode.OK, scale.Status);
        Assert.Equal(("Scale", "autoscaling/v1"), (scale.Json["kind"]!.GetValue<string>(), scale.Json["apiVersion"]!.GetValue<string>()));
        Assert.Equal(2, scale.Json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=web", scale.Json["status"]!["selector"]!.GetValue<string>());

        var patched = await api.PatchAsync(Deployment + "/scale", """{"spec":{"replicas":5}}""");
        Assert.Equal(5, patched.Json["spec"]!["replicas"]!.GetValue<long>());
        var deployment = await api.GetAsync(Deployment);
        Assert.Equal(5, deployment.Json["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, deployment.Json["metadata"]!["generation"]!.GetValue<long>());

        var stale = await api.PutAsync(Deployment + "/scale", scale.Json.ToJsonString()); // names the version before the patch
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);

        var negative = await api.PatchAsync(Deployment + "/scale", """{"spec":{"replicas":-1}}""");
        Assert.Equal((HttpStatusCode)422, negative.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/namespaces/default/configmaps/x/scale")).Status);
    }
}
