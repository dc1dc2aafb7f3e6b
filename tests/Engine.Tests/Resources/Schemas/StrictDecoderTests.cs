using System.Text;
using Berth.Engine.Resources.Schemas;

namespace Berth.Engine.Tests.Resources.Schemas;

public sealed class StrictDecoderTests
{
    private static readonly SchemaCatalog Catalog = SchemaCatalog.BuiltIn;
    private static readonly SchemaType Deployment = Catalog.RootOf(new GroupVersionKind("apps", "v1", "Deployment"))!;
    private static readonly SchemaType Secret = Catalog.RootOf(new GroupVersionKind("", "v1", "Secret"))!;
    private static readonly SchemaType Pod = Catalog.RootOf(new GroupVersionKind("", "v1", "Pod"))!;

    private static DecodeReport Check(SchemaType root, string json, bool strategicPatch = false) =>
        StrictDecoder.Check(Catalog, root, Encoding.UTF8.GetBytes(json), strategicPatch);

    [Fact]
    public void A_manifest_people_write_decodes_cleanly()
    {
        var report = Check(Deployment, """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","labels":{"app":"web"},"annotations":{"a":"b"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                 "containers":[{"name":"web","image":"busybox","command":["httpd"],
                   "ports":[{"containerPort":8080,"name":"http"}],
                   "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"secretKeyRef":{"name":"s","key":"k"}}}],
                   "resources":{"requests":{"cpu":"100m","memory":"64Mi"},"limits":{"cpu":1}},
                   "readinessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":5},
                   "volumeMounts":[{"name":"data","mountPath":"/data"}]}],
                 "volumes":[{"name":"data","emptyDir":{}}],
                 "tolerations":[{"key":"k","operator":"Exists"}],
                 "nodeSelector":{"disk":"ssd"}}}},
             "status":{}}
            """);

        Assert.Empty(report.StrictErrors);
        Assert.Null(report.Error);
        Assert.False(report.HasDuplicates);
    }

    [Fact]
    public void Unknown_fields_are_named_by_their_path_with_list_indexes()
    {
        var report = Check(Deployment, """
            {"spec":{"replicaz":2,"template":{"spec":{"containers":[{"name":"a"},{"name":"b","foo":{"deep":1},"image":"x"}]}}},"extra":true}
            """);

        Assert.Equal(
            ["unknown field \"spec.replicaz\"", "unknown field \"spec.template.spec.containers[1].foo\"", "unknown field \"extra\""],
            report.StrictErrors);
        Assert.Equal("strict decoding error: unknown field \"spec.replicaz\", unknown field \"spec.template.spec.containers[1].foo\", unknown field \"extra\"",
            report.StrictMessage);
        Assert.Null(report.Error);
    }

    [Fact]
    public void Keys_given_twice_are_duplicate_fields()
    {
        var report = Check(Deployment, """{"spec":{"replicas":1,"replicas":2},"metadata":{"labels":{"a":"1","a":"2"}}}""");

        Assert.True(report.HasDuplicates);
        Assert.Equal(["duplicate field \"spec.replicas\"", "duplicate field \"metadata.labels.a\""], report.StrictErrors);
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":"two"}}""", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData("""{"spec":{"replicas":2.5}}""", "json: cannot unmarshal number 2.5 into Go struct field DeploymentSpec.spec.replicas of type int32")]
    [InlineData("""{"spec":{"paused":"yes"}}""", "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.paused of type bool")]
    [InlineData("""{"spec":{"template":{"spec":"x"}}}""", "json: cannot unmarshal string into Go struct field PodTemplateSpec.spec.template.spec of type v1.PodSpec")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":{"name":"a"}}}}}""",
        "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"a","args":["x",1]}]}}}}""",
        "json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string")]
    [InlineData("""{"metadata":{"labels":{"tier":1}}}""", "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":true}}}}""",
        "json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type intstr.IntOrString")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"a","resources":{"limits":{"cpu":"lots"}}}]}}}}""",
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    public void Values_of_the_wrong_type_fail_as_Gos_decoder_words_it(string json, string expected)
    {
        var report = Check(Deployment, json);

        Assert.Equal(expected, report.Error);
    }

    [Fact]
    public void Only_the_first_type_error_is_reported_and_unknown_fields_still_are()
    {
        var report = Check(Deployment, """{"spec":{"replicas":"a","paused":"b","nope":1}}""");

        Assert.Equal("json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", report.Error);
        Assert.Equal(["unknown field \"spec.nope\""], report.StrictErrors);
    }

    [Fact]
    public void Nulls_are_accepted_anywhere()
    {
        var report = Check(Deployment, """{"spec":{"replicas":null,"template":{"spec":{"containers":null}}},"metadata":{"labels":{"a":null}}}""");

        Assert.Null(report.Error);
        Assert.Empty(report.StrictErrors);
    }

    [Fact]
    public void Secret_data_must_be_base64()
    {
        Assert.Null(Check(Secret, """{"data":{"password":"czNjcmV0"},"stringData":{"plain":"text"}}""").Error);
        Assert.Equal("illegal base64 data at input byte 2", Check(Secret, """{"data":{"password":"s3!cret"}}""").Error);
    }

    [Fact]
    public void Free_form_and_open_parts_keep_any_field()
    {
        var report = Check(Pod, """
            {"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{"anything":{}}}}]},
             "spec":{"volumes":[{"name":"v","gcePersistentDisk":{"pdName":"disk","whatever":1}}]},
             "status":{"containerStatuses":[{"name":"a","ready":true,"restartCount":0,"image":"x","imageID":"y","user":{"linux":{"uid":0}}}]}}
            """);

        Assert.Null(report.Error);
        Assert.Empty(report.StrictErrors);
    }

    [Fact]
    public void Strategic_merge_patch_directives_are_not_fields()
    {
        const string patch = """
            {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},
               "template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],
                 "containers":[{"name":"web","$patch":"delete"},{"name":"side","args":[{"$patch":"replace"}]}]}}}}
            """;

        Assert.Empty(Check(Deployment, patch, strategicPatch: true).StrictErrors);
        Assert.Contains("unknown field \"spec.strategy.$retainKeys\"", Check(Deployment, patch).StrictErrors);
    }
}
