using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>The OpenAPI v3 documents: what kubectl explain prints and what kubectl apply computes patches from.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Each_group_version_document_carries_the_schemas_of_its_kinds_and_what_they_use()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var index = await api.GetAsync("/openapi/v3");
        var url = index.Json["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Matches(@"^/openapi/v3/apis/apps/v1\?hash=[0-9a-f]{32}$", url);
        var document = (await api.GetAsync(url)).Json;
        var schemas = document["components"]!["schemas"]!;

        var deployment = schemas["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("""[{"group":"apps","kind":"Deployment","version":"v1"}]""", deployment["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec", deployment["properties"]!["spec"]!["allOf"]![0]!["$ref"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(deployment["description"]!.GetValue<string>()));

        var spec = schemas["io.k8s.api.apps.v1.DeploymentSpec"]!;
        Assert.Equal(["selector", "template"], spec["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("integer", spec["properties"]!["replicas"]!["type"]!.GetValue<string>());
        Assert.Equal("int32", spec["properties"]!["replicas"]!["format"]!.GetValue<string>());
        Assert.Equal("retainKeys", spec["properties"]!["strategy"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());

        // Shared types come along once, from the core group.
        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers["items"]!["$ref"]!.GetValue<string>());
        Assert.Equal("int-or-string", schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["format"]!.GetValue<string>());
        Assert.Null(schemas["io.k8s.api.core.v1.ServiceSpec"]);
    }

    [Fact]
    public async Task Operations_name_their_kind_and_take_strategic_merge_patches_with_field_validation()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var index = await api.GetAsync("/openapi/v3");
        var core = (await api.GetAsync(index.Json["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>())).Json;

        var node = core["paths"]!["/api/v1/nodes/{name}"]!;
        Assert.Equal("Node", node["get"]!["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>());
        var patch = core["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]!;
        Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "fieldValidation");
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Pod",
            patch["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(core["components"]!["schemas"]!["io.k8s.api.core.v1.Pod"]);
    }

    [Fact]
    public async Task Each_document_is_named_by_a_hash_of_its_content_so_kubectls_cache_follows_changes()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var paths = (await api.GetAsync("/openapi/v3")).Json["paths"]!.AsObject();
        foreach (var (_, entry) in paths)
        {
            var url = entry!["serverRelativeURL"]!.GetValue<string>();
            var document = await api.GetAsync(url);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(document.Text)))[..32];
            Assert.EndsWith("?hash=" + hash, url);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/openapi/v3/apis/apps/v2")).Status);
    }

    [Fact]
    public async Task OpenAPI_v2_is_one_Swagger_document_in_JSON_or_in_the_protobuf_form_kubectl_asks_for()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var json = (await api.GetAsync("/openapi/v2")).Json;
        Assert.Equal("2.0", json["swagger"]!.GetValue<string>());
        var deployment = json["definitions"]!["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("#/definitions/io.k8s.api.apps.v1.DeploymentSpec", deployment["properties"]!["spec"]!["$ref"]!.GetValue<string>());
        Assert.Equal("Deployment", deployment["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>());
        Assert.NotNull(json["paths"]!["/api/v1/namespaces/{namespace}/pods/{name}"]!["patch"]);

        using var client = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/k8s/default/openapi/v2");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KubeApi.AdminToken(server));
        request.Headers.TryAddWithoutValidation("Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"); // as client-go sends it
        using var response = await client.SendAsync(request);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType!.MediaType);
        var (swagger, definitions) = SwaggerVersionAndDefinitions(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("2.0", swagger);
        Assert.Equal(json["definitions"]!.AsObject().Select(d => d.Key), definitions);
    }

    /// <summary>Fields 1 (swagger) and 9 (definitions, each a NamedSchema whose field 1 is the name) of gnostic's Document.</summary>
    private static (string Swagger, List<string> Definitions) SwaggerVersionAndDefinitions(byte[] document)
    {
        var swagger = "";
        var definitions = new List<string>();
        var reader = new Berth.Api.Kubernetes.Protobuf.ProtobufReader(document);
        while (!reader.End)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1)
            {
                swagger = System.Text.Encoding.UTF8.GetString(reader.ReadBytes());
            }
            else if (field == 9)
            {
                var named = new Berth.Api.Kubernetes.Protobuf.ProtobufReader(reader.ReadBytes());
                while (!named.End)
                {
                    named.ReadTag();
                    var entry = new Berth.Api.Kubernetes.Protobuf.ProtobufReader(named.ReadBytes());
                    entry.ReadTag();
                    definitions.Add(System.Text.Encoding.UTF8.GetString(entry.ReadBytes()));
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (swagger, definitions);
    }
}
