using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>The fieldValidation query parameter on create, update and patch, as Kubernetes applies it.</summary>
public sealed class FieldValidationTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    private const string WithUnknownFields = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"surprise":true,
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox","foo":"bar"}]}}}}
        """;

    private const string Valid = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox"}]}}}}
        """;

    private const string UnknownMessage =
        "strict decoding error: unknown field \"spec.surprise\", unknown field \"spec.template.spec.containers[0].foo\"";

    [Fact]
    public async Task Strict_refuses_unknown_fields_by_path_and_stores_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var refused = await api.PostAsync(Deployments + "?fieldValidation=Strict", WithUnknownFields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("BadRequest", refused.Reason);
        Assert.Equal($"Deployment in version \"v1\" cannot be handled as a Deployment: {UnknownMessage}", refused.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(Deployments + "/web")).Status);
    }

    [Fact]
    public async Task Warn_writes_with_one_warning_per_field_and_keeps_the_fields_and_is_the_default()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var warned = await api.PostAsync(Deployments + "?fieldValidation=Warn", WithUnknownFields);
        Assert.Equal(HttpStatusCode.Created, warned.Status);
        Assert.Equal(["299 - \"unknown field \\\"spec.surprise\\\"\"", "299 - \"unknown field \\\"spec.template.spec.containers[0].foo\\\"\""], warned.Warnings);
        var stored = await api.GetAsync(Deployments + "/web");
        Assert.True(stored.Json["spec"]!["surprise"]!.GetValue<bool>());
        Assert.Equal("bar", stored.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["foo"]!.GetValue<string>());

        var byDefault = await api.PostAsync(Deployments, WithUnknownFields.Replace("\"web\"}", "\"web2\"}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Created, byDefault.Status);
        Assert.Equal(2, byDefault.Warnings.Count);
    }

    [Fact]
    public async Task Ignore_writes_silently_and_keeps_the_fields()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var created = await api.PostAsync(Deployments + "?fieldValidation=Ignore", WithUnknownFields);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Empty(created.Warnings);
        Assert.True(created.Json["spec"]!["surprise"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Duplicate_fields_are_refused_by_Strict_and_the_last_value_wins_otherwise()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var twice = Valid.Replace("\"replicas\":1", "\"replicas\":1,\"replicas\":4", StringComparison.Ordinal);

        var refused = await api.PostAsync(Deployments + "?fieldValidation=Strict", twice);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.EndsWith("strict decoding error: duplicate field \"spec.replicas\"", refused.Json["message"]!.GetValue<string>());

        var warned = await api.PostAsync(Deployments + "?fieldValidation=Warn", twice);
        Assert.Equal(HttpStatusCode.Created, warned.Status);
        Assert.Equal(["299 - \"duplicate field \\\"spec.replicas\\\"\""], warned.Warnings);
        Assert.Equal(4, warned.Json["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_refused_in_every_mode_naming_the_field()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var refused = await api.PostAsync(Deployments + "?fieldValidation=Ignore", Valid.Replace("\"replicas\":1", "\"replicas\":\"two\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Deployment in version \"v1\" cannot be handled as a Deployment: "
            + "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", refused.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Updates_and_patches_are_checked_too_and_patch_directives_are_not_fields()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var created = await api.PostAsync(Deployments + "?fieldValidation=Strict", Valid);
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var update = (System.Text.Json.Nodes.JsonObject)created.Json.DeepClone();
        update["spec"]!["surprise"] = true;
        var updateRefused = await api.PutAsync(Deployments + "/web?fieldValidation=Strict", update.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, updateRefused.Status);
        Assert.EndsWith("strict decoding error: unknown field \"spec.surprise\"", updateRefused.Json["message"]!.GetValue<string>());

        // A bad patch is an invalid "patch" field, as Kubernetes words it.
        const string unknownInPatch = """{"spec":{"template":{"spec":{"containers":[{"name":"web","foo":"bar"}]}}}}""";
        var patchRefused = await api.PatchAsync(Deployments + "/web?fieldValidation=Strict", unknownInPatch, "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, patchRefused.Status);
        Assert.Equal("Invalid", patchRefused.Reason);
        var cause = patchRefused.Json["details"]!["causes"]![0]!;
        Assert.Equal("patch", cause["field"]!.GetValue<string>());
        Assert.EndsWith("strict decoding error: unknown field \"spec.template.spec.containers[0].foo\"", cause["message"]!.GetValue<string>());

        const string withDirectives = """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"name":"web","image":"busybox:2"}]}}}}
            """;
        var patched = await api.PatchAsync(Deployments + "/web?fieldValidation=Strict", withDirectives, "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("busybox:2", patched.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());

        var merged = await api.PatchAsync(Deployments + "/web?fieldValidation=Warn", """{"spec":{"paused":true,"pausd":true}}""");
        Assert.Equal(HttpStatusCode.OK, merged.Status);
        Assert.Equal(["299 - \"unknown field \\\"spec.pausd\\\"\""], merged.Warnings);
        Assert.True(merged.Json["spec"]!["pausd"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_unknown_directive_is_refused_as_Kubernetes_refuses_it()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var refused = await api.PostAsync(Deployments + "?fieldValidation=strict", Valid);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"strict\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
            refused.Json["message"]!.GetValue<string>());
        Assert.Equal("fieldValidation", refused.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }
}
