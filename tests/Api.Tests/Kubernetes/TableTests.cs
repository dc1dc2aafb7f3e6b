using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>Server-side printing: reads answer with a meta.k8s.io Table when the Accept header asks for one, as kubectl get does.</summary>
public sealed class TableTests
{
    /// <summary>The Accept header kubectl 1.32 sends with get, list and watch.</summary>
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
           "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"busybox:1.36"}]}}}}
        """;

    private static string[] Names(JsonNode? columns) => columns!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToArray();

    private static JsonArray Rows(KubeApi.Response table) => table.Json["rows"]!.AsArray();

    [Fact]
    public async Task A_get_with_kubectls_accept_header_answers_with_a_table_of_the_kinds_columns()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var created = await api.PostAsync("/apis/apps/v1/namespaces/default/deployments", Deployment);

        var table = await api.GetAsync("/apis/apps/v1/namespaces/default/deployments/web", KubectlAccept);

        Assert.True(table.Status == HttpStatusCode.OK, table.ToString());
        Assert.Contains("as=Table", table.ContentType);
        Assert.Equal("Table", table.Json["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table.Json["apiVersion"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion, table.ResourceVersion);
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], Names(table.Json["columnDefinitions"]));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], table.Json["columnDefinitions"]!.AsArray().Select(c => c!["priority"]!.GetValue<int>()));

        var row = Rows(table).Single()!;
        var cells = row["cells"]!.AsArray();
        Assert.Equal("web", cells[0]!.GetValue<string>());
        Assert.Equal("0/2", cells[1]!.GetValue<string>());
        Assert.Equal(0, cells[2]!.GetValue<long>());
        Assert.Matches(@"^\d+s$", cells[4]!.GetValue<string>());
        Assert.Equal(["web", "busybox:1.36", "app=web"], cells.Skip(5).Select(c => c!.GetValue<string>()));
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("web", row["object"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Null(row["object"]!["spec"]);
    }

    [Fact]
    public async Task A_list_table_has_a_row_per_object_and_the_lists_resource_version_and_continue_token()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await api.PostAsync(ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["k"] = "v" } }.ToJsonString());
        }

        var first = await api.GetAsync($"{ConfigMaps}?limit=2", KubectlAccept);
        var token = first.Json["metadata"]!["continue"]!.GetValue<string>();
        var second = await api.GetAsync($"{ConfigMaps}?limit=2&continue={Uri.EscapeDataString(token)}", KubectlAccept);
        var plain = await api.GetAsync(ConfigMaps);

        Assert.Equal(["Name", "Data", "Age"], Names(first.Json["columnDefinitions"]));
        Assert.Equal(["a", "b"], Rows(first).Select(r => r!["cells"]![0]!.GetValue<string>()));
        Assert.Equal(["c"], Rows(second).Select(r => r!["cells"]![0]!.GetValue<string>()));
        Assert.Equal(1, Rows(second)[0]!["cells"]![1]!.GetValue<long>());
        Assert.Null(second.Json["metadata"]!["continue"]);
        Assert.Equal(plain.ResourceVersion, first.ResourceVersion);
        Assert.Equal(first.ResourceVersion, second.ResourceVersion);
    }

    [Fact]
    public async Task The_first_entry_of_the_accept_list_the_server_can_serve_decides()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");

        var beta = await api.GetAsync(ConfigMaps, "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        Assert.Equal(("Table", "meta.k8s.io/v1beta1"), (beta.Json["kind"]!.GetValue<string>(), beta.Json["apiVersion"]!.GetValue<string>()));

        var unknownVersion = await api.GetAsync(ConfigMaps, "application/json;as=Table;v=v2;g=meta.k8s.io,application/json");
        Assert.Equal("ConfigMapList", unknownVersion.Json["kind"]!.GetValue<string>());
        Assert.Equal("application/json", unknownVersion.ContentType);

        var preferred = await api.GetAsync(ConfigMaps, "application/json;as=Table;v=v1;g=meta.k8s.io;q=0.5,application/json");
        Assert.Equal("ConfigMapList", preferred.Json["kind"]!.GetValue<string>());

        var anything = await api.GetAsync(ConfigMaps + "/a", "*/*");
        Assert.Equal("ConfigMap", anything.Json["kind"]!.GetValue<string>());

        var yaml = await api.GetAsync(ConfigMaps, "application/yaml");
        Assert.Equal(HttpStatusCode.NotAcceptable, yaml.Status);
        Assert.Equal(("Status", "NotAcceptable"), (yaml.Json["kind"]!.GetValue<string>(), yaml.Reason));
    }

    [Fact]
    public async Task IncludeObject_puts_the_whole_object_or_nothing_in_each_row()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a"},"data":{"k":"v"}}""");

        var whole = await api.GetAsync($"{ConfigMaps}?includeObject=Object", KubectlAccept);
        var none = await api.GetAsync($"{ConfigMaps}/a?includeObject=None", KubectlAccept);
        var wrong = await api.GetAsync($"{ConfigMaps}?includeObject=Everything", KubectlAccept);

        Assert.Equal(("ConfigMap", "v"), (Rows(whole)[0]!["object"]!["kind"]!.GetValue<string>(), Rows(whole)[0]!["object"]!["data"]!["k"]!.GetValue<string>()));
        Assert.False(Rows(none)[0]!.AsObject().ContainsKey("object"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("includeObject: Invalid value: \"Everything\"", wrong.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Clients_that_only_need_metadata_get_partial_object_metadata()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a","labels":{"app":"web"}},"data":{"k":"v"}}""");

        var list = await api.GetAsync(ConfigMaps, "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");
        var one = await api.GetAsync(ConfigMaps + "/a", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json");
        var mismatched = await api.GetAsync(ConfigMaps, "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");

        Assert.Equal("PartialObjectMetadataList", list.Json["kind"]!.GetValue<string>());
        Assert.NotNull(list.ResourceVersion);
        var item = list.Json["items"]![0]!;
        Assert.Equal(("PartialObjectMetadata", "web"), (item["kind"]!.GetValue<string>(), item["metadata"]!["labels"]!["app"]!.GetValue<string>()));
        Assert.Null(item["data"]);
        Assert.Equal(("PartialObjectMetadata", "a"), (one.Json["kind"]!.GetValue<string>(), one.Json["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotAcceptable, mismatched.Status);
    }

    [Fact]
    public async Task A_table_watch_sends_one_row_per_event_and_the_column_definitions_only_first()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"before"}}""");
        var list = await api.GetAsync(ConfigMaps, KubectlAccept);

        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=true&resourceVersion={list.ResourceVersion}", KubectlAccept);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"web"},"data":{"a":"1"}}""");
        var patched = await api.PatchAsync(ConfigMaps + "/web", """{"data":{"b":"2"}}""");
        await api.DeleteAsync(ConfigMaps + "/web");

        var added = await watch.NextAsync();
        var modified = await watch.NextAsync();
        var deleted = await watch.NextAsync();

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], new[] { added, modified, deleted }.Select(e => e!["type"]!.GetValue<string>()));
        var first = added!["object"]!;
        Assert.Equal(("Table", "meta.k8s.io/v1"), (first["kind"]!.GetValue<string>(), first["apiVersion"]!.GetValue<string>()));
        Assert.Equal(["Name", "Data", "Age"], Names(first["columnDefinitions"]));
        Assert.Equal(created.ResourceVersion, first["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(("web", 1L), (first["rows"]![0]!["cells"]![0]!.GetValue<string>(), first["rows"]![0]!["cells"]![1]!.GetValue<long>()));

        var next = modified!["object"]!;
        Assert.Null(next["columnDefinitions"]);
        Assert.Equal(patched.ResourceVersion, next["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(2, next["rows"]![0]!["cells"]![1]!.GetValue<long>());
        Assert.Equal("web", next["rows"]![0]!["object"]!["metadata"]!["name"]!.GetValue<string>());
        Assert.Single(deleted!["object"]!["rows"]!.AsArray());
    }
}
