using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>Objects sent as YAML (<c>application/yaml</c>, and apply patches), read as Kubernetes reads them, and YAML that is not, refused with where.</summary>
public sealed class YamlBodyTests
{
    private const string Yaml = "application/yaml";
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web, version: "2"}   # a quoted number stays a string
          annotations:
            note: ~
        spec:
          replicas: 2
          paused: false
          selector:
            matchLabels: &labels
              app: web
          template:
            metadata:
              labels: *labels
            spec:
              containers:
              - name: web
                image: busybox:1.36
                args: ["--ratio", "0.5"]
                resources:
                  limits: {cpu: 0.5}
        """;

    [Fact]
    public async Task On_sqlite_yaml_creates_with_json_types_as_kubernetes_reads_them_and_bad_yaml_is_a_400_saying_where()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, null);
        using var api = KubeApi.Admin(server);

        var created = await api.SendAsync(HttpMethod.Post, Deployments, Deployment, Yaml);

        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        var spec = created.Json["spec"]!;
        Assert.Equal(2, spec["replicas"]!.GetValue<long>());
        Assert.False(spec["paused"]!.GetValue<bool>());
        Assert.Equal("2", created.Json["metadata"]!["labels"]!["version"]!.GetValue<string>());
        Assert.Equal("web", spec["template"]!["metadata"]!["labels"]!["app"]!.GetValue<string>()); // through the alias
        Assert.Equal("""["--ratio","0.5"]""", spec["template"]!["spec"]!["containers"]![0]!["args"]!.ToJsonString());
        Assert.Equal("0.5", spec["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.ToJsonString()); // a Quantity may be a number

        // Types are JSON's: a quoted number is a string, which a count cannot be.
        var quoted = await api.SendAsync(HttpMethod.Post, Deployments, Deployment.Replace("replicas: 2", "replicas: \"2\""), Yaml);
        Assert.Equal(HttpStatusCode.BadRequest, quoted.Status);
        Assert.Contains("cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", quoted.Json["message"]!.GetValue<string>());

        var broken = await api.SendAsync(HttpMethod.Post, Deployments, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [web\n", Yaml);
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.Matches(@"^the request body is not valid YAML: error converting YAML to JSON: yaml: line \d+, column \d+: ", broken.Json["message"]!.GetValue<string>());

        var two = await api.SendAsync(HttpMethod.Post, Deployments, Deployment + "\n---\n" + Deployment, Yaml);
        Assert.Equal(HttpStatusCode.BadRequest, two.Status);

        // A few lines of aliases that would unfold into billions of values.
        var laughs = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\na: &a [x, x, x, x, x, x, x, x, x]\n"
            + string.Concat(Enumerable.Range(1, 9).Select(i => $"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]\n"));
        var bomb = await api.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", laughs, Yaml);
        Assert.Equal(HttpStatusCode.BadRequest, bomb.Status);
        Assert.Contains("expands to more than", bomb.Json["message"]!.GetValue<string>());

        var applied = await api.PatchAsync("/api/v1/namespaces/default/configmaps/settings?fieldManager=yaml-user",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n", "application/apply-patch+yaml");
        Assert.True(applied.Status == HttpStatusCode.Created, applied.ToString());
        Assert.Equal("fast", applied.Json["data"]!["mode"]!.GetValue<string>());
    }
}
