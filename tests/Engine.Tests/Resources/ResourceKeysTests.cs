using Berth.Engine.Resources;
using Berth.Engine.Store.Keys;

namespace Berth.Engine.Tests.Resources;

// The Engine's resource model is tested here until Engine.Tests takes it in (that project belongs to the store work).
public sealed class ResourceKeysTests
{
    private static readonly ResourceRegistry Registry = ResourceRegistry.BuiltIn;
    private static readonly ResourceType Pods = Registry.Find("", "v1", "pods")!;
    private static readonly ResourceType Deployments = Registry.Find("apps", "v1", "deployments")!;

    [Fact]
    public void Core_objects_are_keyed_by_resource_namespace_and_name()
    {
        Assert.Equal("pods/default/web-1", ResourceKeys.For(Pods, "default", "web-1"));
    }

    [Fact]
    public void Objects_of_other_groups_carry_the_group_after_the_resource()
    {
        Assert.Equal("deployments.apps/demo/web", ResourceKeys.For(Deployments, "demo", "web"));
    }

    [Fact]
    public void Cluster_scoped_objects_have_no_namespace_segment()
    {
        Assert.Equal("namespaces/demo", ResourceKeys.For(BuiltInResources.Namespaces, null, "demo"));
        Assert.Equal("nodes/", ResourceKeys.Prefix(BuiltInResources.Nodes, "ignored"));
    }

    [Fact]
    public void One_namespace_and_every_namespace_are_each_one_prefix()
    {
        var key = ResourceKeys.For(Pods, "demo", "web");
        Assert.True(StoreKey.HasPrefix(key, ResourceKeys.Prefix(Pods, "demo")));
        Assert.True(StoreKey.HasPrefix(key, ResourceKeys.Prefix(Pods)));
        Assert.False(StoreKey.HasPrefix(ResourceKeys.For(Pods, "demo2", "web"), ResourceKeys.Prefix(Pods, "demo")));
    }

    [Fact]
    public void No_resource_prefix_matches_another_resource_key()
    {
        foreach (var a in Registry.Types)
        {
            foreach (var b in Registry.Types.Where(t => t != a))
            {
                var key = ResourceKeys.For(b, b.Namespaced ? "default" : null, "x");
                Assert.False(StoreKey.HasPrefix(key, ResourceKeys.Prefix(a)), $"{a.QualifiedResource} prefix matches {key}");
            }
        }
    }

    [Fact]
    public void A_namespaced_key_without_a_namespace_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ResourceKeys.For(Pods, null, "web"));
    }
}
