using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>Create, read, update, patch and delete through the HTTP API, on both datastores.</summary>
public sealed class ObjectLifecycleTests
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox","madeUp":{"x":1}}]}}},
         "status":{"replicas":99}}
        """;

    [Fact]
    public Task On_sqlite() => Lifecycle(null);

    [PostgresFact]
    public async Task On_postgres()
    {
        await using var database = await TestDatabase.CreateAsync();
        await Lifecycle(database.Url);
    }

    private static async Task Lifecycle(string? datastore)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, datastore);
        using var api = KubeApi.Admin(server);

        // Create: the server fills in identity, clears status, and keeps fields it does not know.
        var created = await api.PostAsync(Deployments, Deployment);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var metadata = created.Json["metadata"]!;
        Assert.True(Guid.TryParse(metadata["uid"]!.GetValue<string>(), out _));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", metadata["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, metadata["generation"]!.GetValue<long>());
        Assert.Equal("default", metadata["namespace"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse("{}")!.ToJsonString(), created.Json["status"]!.ToJsonString());
        Assert.Equal(1, created.Json["spec"]!["template"]!["spec"]!["containers"]![0]!["madeUp"]!["x"]!.GetValue<int>());
        var firstVersion = created.ResourceVersion!;

        var again = await api.PostAsync(Deployments, Deployment);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("AlreadyExists", again.Reason);
        Assert.Equal("deployments.apps \"web\" already exists", again.Json["message"]!.GetValue<string>());

        // Get returns what create returned.
        var got = await api.GetAsync(Deployments + "/web");
        Assert.Equal(created.Json.ToJsonString(), got.Json.ToJsonString());

        // A metadata-only update keeps the generation; a spec change bumps it.
        var labelled = (JsonObject)got.Json.DeepClone();
        labelled["metadata"]!["labels"]!["tier"] = "frontend";
        var updated = await api.PutAsync(Deployments + "/web", labelled.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(1, updated.Json["metadata"]!["generation"]!.GetValue<long>());
        Assert.NotEqual(firstVersion, updated.ResourceVersion);

        var stale = await api.PutAsync(Deployments + "/web", labelled.ToJsonString()); // still names the first version
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("Conflict", stale.Reason);

        var patched = await api.PatchAsync(Deployments + "/web", """{"spec":{"replicas":3}}""");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(3, patched.Json["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, patched.Json["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("frontend", patched.Json["metadata"]!["labels"]!["tier"]!.GetValue<string>());

        // Status moves only through its subresource, and never bumps the generation.
        var ignored = await api.PatchAsync(Deployments + "/web", """{"status":{"replicas":5}}""");
        Assert.Equal(JsonNode.Parse("{}")!.ToJsonString(), ignored.Json["status"]!.ToJsonString());
        var status = await api.PatchAsync(Deployments + "/web/status", """{"status":{"replicas":3}}""");
        Assert.Equal(3, status.Json["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, status.Json["metadata"]!["generation"]!.GetValue<long>());

        var strategic = await api.PatchAsync(Deployments + "/web",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:2"}]}}}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, strategic.Status);
        var container = strategic.Json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("busybox:2", container["image"]!.GetValue<string>());
        Assert.Equal(1, container["madeUp"]!["x"]!.GetValue<int>()); // merged into the container by name, not replacing it
        Assert.Equal(3, strategic.Json["metadata"]!["generation"]!.GetValue<long>());

        // JSON patch: operations in order, all or nothing.
        var jsonPatch = await api.PatchAsync(Deployments + "/web",
            """[{"op":"test","path":"/metadata/labels/tier","value":"frontend"},{"op":"replace","path":"/metadata/labels/tier","value":"edge"}]""",
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.OK, jsonPatch.Status);
        Assert.Equal("edge", jsonPatch.Json["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        var failedTest = await api.PatchAsync(Deployments + "/web",
            """[{"op":"replace","path":"/metadata/labels/tier","value":"lost"},{"op":"test","path":"/metadata/labels/tier","value":"frontend"}]""",
            "application/json-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failedTest.Status);
        Assert.Equal("edge", (await api.GetAsync(Deployments + "/web")).Json["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        var unknown = await api.PatchAsync(Deployments + "/web", "{}", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknown.Status);

        // Delete answers with a success Status; the object is gone after.
        var deleted = await api.DeleteAsync(Deployments + "/web");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Success", deleted.Json["status"]!.GetValue<string>());
        var gone = await api.GetAsync(Deployments + "/web");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("deployments.apps \"web\" not found", gone.Json["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.DeleteAsync(Deployments + "/web")).Status);
    }

    [Fact]
    public async Task GenerateName_gives_a_new_object_a_unique_name()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var created = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"generateName":"job-"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Matches("^job-[a-z0-9]{5}$", created.Json["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("ConfigMap", created.Json["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refusals_are_Status_objects_with_the_Kubernetes_reason()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var noNamespace = await api.PostAsync("/api/v1/namespaces/nowhere/configmaps", """{"metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.NotFound, noNamespace.Status);
        Assert.Equal("namespaces \"nowhere\" not found", noNamespace.Json["message"]!.GetValue<string>());

        var badName = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"Bad_Name"}}""");
        Assert.Equal((HttpStatusCode)422, badName.Status);
        Assert.Equal("Invalid", badName.Reason);
        Assert.StartsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain", badName.Json["message"]!.GetValue<string>());
        Assert.Equal("metadata.name", badName.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());

        var noName = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"data":{}}""");
        Assert.Equal((HttpStatusCode)422, noName.Status);

        var notJson = await api.PostAsync("/api/v1/namespaces/default/configmaps", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("BadRequest", notJson.Reason);

        var wrongKind = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"kind":"Secret","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.Status);

        var otherNamespace = await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"x","namespace":"kube-system"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, otherNamespace.Status);

        var protobuf = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces", "k8s\0", "application/vnd.kubernetes.protobuf");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, protobuf.Status);

        var huge = $$$"""{"metadata":{"name":"big"},"data":{"blob":"{{{new string('x', 3 * 1024 * 1024)}}}"}}""";
        var tooLarge = await api.PostAsync("/api/v1/namespaces/default/configmaps", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal("RequestEntityTooLarge", tooLarge.Reason);
    }
}
