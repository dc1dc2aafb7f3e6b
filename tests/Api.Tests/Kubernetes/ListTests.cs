using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

public sealed class ListTests
{
    [Fact]
    public async Task Lists_select_by_label_and_field_page_with_continue_and_span_namespaces()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"demo"}}""");
        foreach (var (ns, name, app) in new[] { ("default", "a", "web"), ("default", "b", "db"), ("demo", "c", "web"), ("demo", "d", "cache") })
        {
            var created = await api.PostAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = app } } }.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, created.Status);
        }

        Task<string[]> Names(string path) => ListedNames(api, path, "ConfigMapList");

        Assert.Equal(["a", "b"], await Names("/api/v1/namespaces/default/configmaps"));
        Assert.Equal(["a", "b", "c", "d"], await Names("/api/v1/configmaps"));
        Assert.Equal(["a", "c"], await Names("/api/v1/configmaps?labelSelector=app%3Dweb"));
        Assert.Equal(["a", "c"], await Names("/api/v1/configmaps?labelSelector=app%3D%3Dweb"));
        Assert.Equal(["b", "d"], await Names("/api/v1/configmaps?labelSelector=app!%3Dweb"));
        Assert.Equal(["b", "d"], await Names("/api/v1/configmaps?labelSelector=app+in+(db,cache)"));
        Assert.Equal(["a", "c"], await Names("/api/v1/configmaps?labelSelector=app+notin+(db,cache)"));
        Assert.Equal(["a", "b", "c", "d"], await Names("/api/v1/configmaps?labelSelector=app"));
        Assert.Empty(await Names("/api/v1/configmaps?labelSelector=!app"));
        Assert.Equal(["c"], await Names("/api/v1/configmaps?fieldSelector=metadata.name%3Dc"));
        Assert.Equal(["c", "d"], await Names("/api/v1/configmaps?fieldSelector=metadata.namespace%3Ddemo"));

        var badField = await api.GetAsync("/api/v1/configmaps?fieldSelector=spec.x%3D1");
        Assert.Equal(HttpStatusCode.BadRequest, badField.Status);
        Assert.Equal("field label not supported: spec.x", badField.Json["message"]!.GetValue<string>());

        // Two pages, both at the revision of the first, even though a write comes in between.
        var first = await api.GetAsync("/api/v1/configmaps?limit=3");
        Assert.Equal(3, first.Json["items"]!.AsArray().Count);
        var token = first.Json["metadata"]!["continue"]!.GetValue<string>();
        await api.PostAsync("/api/v1/namespaces/demo/configmaps", """{"metadata":{"name":"e"}}""");
        var second = await api.GetAsync($"/api/v1/configmaps?limit=3&continue={Uri.EscapeDataString(token)}");
        Assert.Equal(["d"], second.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Null(second.Json["metadata"]!["continue"]);
        Assert.Equal(first.ResourceVersion, second.ResourceVersion);
    }

    [Fact]
    public async Task Pods_select_by_node_and_phase_as_node_agents_and_kubectl_ask()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        const string pods = "/api/v1/namespaces/default/pods";
        foreach (var (name, node) in new[] { ("bound", "n1"), ("elsewhere", "n2"), ("pending", "") })
        {
            var spec = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox" }) };
            if (node.Length > 0)
            {
                spec["nodeName"] = node;
            }

            var created = await api.PostAsync(pods, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = spec }.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, created.Status);
        }

        var running = await api.PatchAsync(pods + "/bound/status", """{"status":{"phase":"Running"}}""");
        Assert.Equal(HttpStatusCode.OK, running.Status);

        async Task<string[]> Names(string selector) =>
            (await ListedNames(api, $"/api/v1/pods?fieldSelector={Uri.EscapeDataString(selector)}", "PodList")).Order().ToArray();

        Assert.Equal(["bound"], await Names("spec.nodeName=n1"));
        Assert.Equal(["pending"], await Names("spec.nodeName="));
        Assert.Equal(["bound"], await Names("status.phase=Running"));
        Assert.Equal(["elsewhere", "pending"], await Names("status.phase!=Running"));
        Assert.Equal(["elsewhere"], await Names("spec.nodeName!=n1,spec.nodeName!="));
    }

    [Fact]
    public async Task A_list_reads_its_resourceVersion_exactly_or_as_a_floor_as_resourceVersionMatch_says()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        const string configMaps = "/api/v1/namespaces/default/configmaps";
        var first = await api.PostAsync(configMaps, """{"metadata":{"name":"first"}}""");
        await api.PostAsync(configMaps, """{"metadata":{"name":"second"}}""");
        var rv = first.ResourceVersion;

        Task<string[]> Names(string query) => ListedNames(api, $"{configMaps}?{query}", "ConfigMapList");

        Assert.Equal(["first", "second"], await Names($"resourceVersion={rv}")); // unset match, no limit: not older than
        Assert.Equal(["first", "second"], await Names($"resourceVersion={rv}&resourceVersionMatch=NotOlderThan"));
        Assert.Equal(["first"], await Names($"resourceVersion={rv}&resourceVersionMatch=Exact"));
        Assert.Equal(["first"], await Names($"resourceVersion={rv}&limit=5")); // unset match with a limit: exact

        var future = await api.GetAsync($"{configMaps}?resourceVersion=999999");
        Assert.Equal(HttpStatusCode.GatewayTimeout, future.Status);
        Assert.Equal("Timeout", future.Reason);

        var noVersion = await api.GetAsync($"{configMaps}?resourceVersionMatch=Exact");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noVersion.Status);
        Assert.Equal("ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
            noVersion.Json["message"]!.GetValue<string>());
        var unknown = await api.GetAsync($"{configMaps}?resourceVersion={rv}&resourceVersionMatch=Newest");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Equal("resourceVersionMatch", unknown.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_streamed_list_item_is_byte_for_byte_what_a_get_answers_with_the_list_head_as_before()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"other"}}""");
        // Characters the JSON encoder escapes, an update (a later resourceVersion than the create) and empty metadata maps.
        await api.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"a","labels":{"app":"web"},"annotations":{"note":"<ünï> & 'x' 🚀"}},"data":{"k":"v"}}""");
        await api.PostAsync("/api/v1/namespaces/other/configmaps", """{"metadata":{"name":"b"},"data":{"n":"1"}}""");
        await api.PatchAsync("/api/v1/namespaces/other/configmaps/b", """{"data":{"n":"2"}}""");
        await api.PostAsync("/api/v1/namespaces/other/configmaps", """{"metadata":{"name":"c","labels":{"app":"web"}}}""");

        foreach (var path in new[] { "/api/v1/configmaps", "/api/v1/configmaps?labelSelector=app%3Dweb", "/api/v1/namespaces/other/configmaps?fieldSelector=metadata.name%3Db" })
        {
            var list = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, list.Status);
            Assert.StartsWith($$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"{{list.ResourceVersion}}"},"items":[""", list.Text);
            using var parsed = System.Text.Json.JsonDocument.Parse(list.Text);
            var items = parsed.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.NotEmpty(items);
            foreach (var item in items)
            {
                var metadata = item.GetProperty("metadata");
                var get = await api.GetAsync($"/api/v1/namespaces/{metadata.GetProperty("namespace").GetString()}/configmaps/{metadata.GetProperty("name").GetString()}");
                Assert.Equal(get.Text, item.GetRawText());
            }
        }

        // A Table row carries the object's metadata as a get answers it, resourceVersion included.
        var table = await api.GetAsync("/api/v1/configmaps", "application/json;as=Table;v=v1;g=meta.k8s.io");
        Assert.Equal(HttpStatusCode.OK, table.Status);
        Assert.Equal("application/json; as=Table; v=v1; g=meta.k8s.io", table.ContentType); // as HttpClient spaces it
        Assert.Equal("Table", table.Json["kind"]!.GetValue<string>());
        using var rows = System.Text.Json.JsonDocument.Parse(table.Text);
        Assert.Equal(3, rows.RootElement.GetProperty("rows").GetArrayLength());
        foreach (var row in rows.RootElement.GetProperty("rows").EnumerateArray())
        {
            var metadata = row.GetProperty("object").GetProperty("metadata");
            var get = await api.GetAsync($"/api/v1/namespaces/{metadata.GetProperty("namespace").GetString()}/configmaps/{metadata.GetProperty("name").GetString()}");
            Assert.Equal(get.Json["metadata"]!.ToJsonString(), metadata.GetRawText());
            Assert.Equal(metadata.GetProperty("name").GetString(), row.GetProperty("cells")[0].GetString());
        }

        // A page carries its continue token in the list's metadata, after the resourceVersion, as before.
        var page = await api.GetAsync("/api/v1/configmaps?limit=2");
        var token = page.Json["metadata"]!["continue"]!.GetValue<string>();
        Assert.StartsWith($$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"{{page.ResourceVersion}}","continue":"{{token}}"},"items":[{""", page.Text);
        Assert.Equal(2, page.Json["items"]!.AsArray().Count);
        var empty = await api.GetAsync("/api/v1/namespaces/none/configmaps");
        Assert.Equal($$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"{{empty.ResourceVersion}}"},"items":[]}""", empty.Text);
    }

    /// <summary>The names a successful list answers with, in its order.</summary>
    private static async Task<string[]> ListedNames(KubeApi api, string path, string listKind)
    {
        var list = await api.GetAsync(path);
        Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
        Assert.Equal(listKind, list.Json["kind"]!.GetValue<string>());
        return list.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToArray();
    }
}
