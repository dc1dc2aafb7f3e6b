using Berth.Engine.Resources;
using Berth.Engine.Resources.Schemas;

namespace Berth.Engine.Tests.Resources.Schemas;

public sealed class SchemaCatalogTests
{
    private static readonly SchemaCatalog Catalog = SchemaCatalog.BuiltIn;

    [Fact]
    public void Every_served_kind_has_a_schema_with_its_group_version_kind()
    {
        foreach (var type in BuiltInResources.Types)
        {
            var root = Catalog.RootOf(type);
            Assert.True(root is not null, $"{type.QualifiedKind} has no schema");
            Assert.Equal(type.Kind, root.ShortName);
            Assert.NotNull(root.Field("metadata"));
            Assert.NotNull(root.Field("apiVersion"));
        }
    }

    [Fact]
    public void Every_type_and_field_is_described()
    {
        foreach (var type in Catalog.Types)
        {
            Assert.False(string.IsNullOrWhiteSpace(type.Description), $"{type.Name} has no description");
            foreach (var field in type.Fields)
            {
                Assert.False(string.IsNullOrWhiteSpace(field.Description), $"{type.Name}.{field.Name} has no description");
            }
        }
    }

    [Fact]
    public void Shared_types_are_defined_once_and_referenced_by_full_name()
    {
        var deploymentSpec = Catalog.Find("io.k8s.api.apps.v1.DeploymentSpec")!;
        Assert.Equal(new NamedType("io.k8s.api.core.v1.PodTemplateSpec"), deploymentSpec.Field("template")!.Type);
        Assert.Equal(new NamedType("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"), deploymentSpec.Field("selector")!.Type);
        Assert.True(deploymentSpec.Field("selector")!.Required);

        // The same short name in two packages: each package's own type is meant.
        var slice = Catalog.Find("io.k8s.api.discovery.v1.EndpointSlice")!;
        Assert.Equal(new ListType(new NamedType("io.k8s.api.discovery.v1.EndpointPort")), slice.Field("ports")!.Type);
        var subset = Catalog.Find("io.k8s.api.core.v1.EndpointSubset")!;
        Assert.Equal(new ListType(new NamedType("io.k8s.api.core.v1.EndpointPort")), subset.Field("ports")!.Type);
    }

    [Fact]
    public void Fields_are_found_along_a_path_through_lists_and_maps()
    {
        var deployment = Catalog.RootOf(new GroupVersionKind("apps", "v1", "Deployment"))!;

        var containers = Catalog.FieldAt(deployment, ["spec", "template", "spec", "containers"])!;
        Assert.Equal("name", containers.MergeKey);
        Assert.Equal("merge", containers.PatchStrategy);
        Assert.Equal(["name"], containers.ListMapKeys);

        var ports = Catalog.FieldAt(deployment, ["spec", "template", "spec", "containers", "ports"])!;
        Assert.Equal("containerPort", ports.MergeKey);
        Assert.Equal(["containerPort", "protocol"], ports.ListMapKeys);

        Assert.Equal("merge,retainKeys", Catalog.FieldAt(deployment, ["spec", "template", "spec", "volumes"])!.PatchStrategy);
        Assert.Null(Catalog.FieldAt(deployment, ["spec", "template", "spec", "containers", "berthUnknown"]));
        Assert.Null(Catalog.FieldAt(deployment, ["spec", "replicas", "deeper"]));
    }

    [Fact]
    public void The_closure_of_a_kind_reaches_every_type_it_uses_once()
    {
        var closure = Catalog.Closure([Catalog.RootOf(new GroupVersionKind("apps", "v1", "Deployment"))!]);
        var names = closure.Select(t => t.Name).ToList();

        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal("io.k8s.api.apps.v1.Deployment", names[0]);
        Assert.Contains("io.k8s.api.core.v1.Container", names);
        Assert.Contains("io.k8s.apimachinery.pkg.util.intstr.IntOrString", names);
        Assert.DoesNotContain("io.k8s.api.core.v1.ServiceSpec", names);
    }

    [Fact]
    public void A_name_that_resolves_to_nothing_or_to_two_types_is_refused()
    {
        var missing = SchemaFile.Parse("""
            package a.v1
            type Thing
              A thing.
              - part: Missing
                  A part.
            """, "missing");
        Assert.Contains("no type is named Missing", Assert.Throws<FormatException>(() => new SchemaCatalog(missing)).Message);

        var twice = SchemaFile.Parse("""
            package a.v1
            type Port
              A port.
            package b.v1
            type Port
              Another port.
            package c.v1
            type Thing
              A thing.
              - port: Port
                  Which one?
            """, "twice");
        Assert.Contains("could be a.v1.Port or b.v1.Port", Assert.Throws<FormatException>(() => new SchemaCatalog(twice)).Message);
    }

    [Fact]
    public void A_merge_key_must_be_a_field_of_the_list_elements()
    {
        var types = SchemaFile.Parse("""
            package a.v1
            type Item
              An item.
              - name: string
                  Its name.
            type Thing
              A thing.
              - items: []Item merge=id
                  Items by id.
            """, "keys");

        Assert.Contains("'id' is not a field of a.v1.Item", Assert.Throws<FormatException>(() => new SchemaCatalog(types)).Message);
    }
}
