using Berth.Engine.Resources;

namespace Berth.Engine.Tests.Resources;

public sealed class ResourceRegistryTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.BuiltIn;

    [Theory]
    [InlineData("", "namespaces", "Namespace", false)]
    [InlineData("", "nodes", "Node", false)]
    [InlineData("", "pods", "Pod", true)]
    [InlineData("", "services", "Service", true)]
    [InlineData("", "endpoints", "Endpoints", true)]
    [InlineData("", "configmaps", "ConfigMap", true)]
    [InlineData("", "secrets", "Secret", true)]
    [InlineData("", "events", "Event", true)]
    [InlineData("", "serviceaccounts", "ServiceAccount", true)]
    [InlineData("apps", "deployments", "Deployment", true)]
    [InlineData("apps", "replicasets", "ReplicaSet", true)]
    [InlineData("apps", "daemonsets", "DaemonSet", true)]
    [InlineData("apps", "statefulsets", "StatefulSet", true)]
    [InlineData("batch", "jobs", "Job", true)]
    [InlineData("batch", "cronjobs", "CronJob", true)]
    [InlineData("networking.k8s.io", "ingresses", "Ingress", true)]
    [InlineData("coordination.k8s.io", "leases", "Lease", true)]
    [InlineData("discovery.k8s.io", "endpointslices", "EndpointSlice", true)]
    public void Every_kind_of_the_issue_is_served_with_its_Kubernetes_scope(string group, string plural, string kind, bool namespaced)
    {
        var type = Registry.Find(group, "v1", plural);
        Assert.NotNull(type);
        Assert.Equal(kind, type.Kind);
        Assert.Equal(namespaced, type.Namespaced);
        Assert.Equal(kind.ToLowerInvariant(), type.Singular);
    }

    [Fact]
    public void Short_names_and_the_all_category_match_Kubernetes()
    {
        var deployments = Registry.Find("apps", "v1", "deployments")!;
        Assert.Equal(["deploy"], deployments.ShortNames);
        Assert.Contains("all", deployments.Categories);
        Assert.True(deployments.HasScale);
        Assert.Empty(Registry.Find("", "v1", "configmaps")!.Categories);
        Assert.Equal(["ns"], BuiltInResources.Namespaces.ShortNames);
    }

    [Fact]
    public void Group_versions_start_with_core_and_name_each_group_once()
    {
        Assert.Equal("v1", Registry.GroupVersions[0].ToString());
        Assert.Contains(new GroupVersion("apps", "v1"), Registry.GroupVersions);
        Assert.Equal(Registry.GroupVersions.Count, Registry.GroupVersions.Distinct().Count());
    }

    [Fact]
    public void An_unknown_resource_is_not_found()
    {
        Assert.Null(Registry.Find("apps", "v1", "pods"));
        Assert.Null(Registry.Find("", "v2", "pods"));
    }
}
