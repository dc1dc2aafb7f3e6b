using System.Net;
using Berth.Api.Tests.Support;
using Berth.Engine.Resources;
using Berth.Engine.Resources.Objects;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

public sealed class WatchTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task A_watch_from_a_list_revision_sees_every_later_change_in_order()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"before"}}""");
        var list = await api.GetAsync(ConfigMaps);

        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");
        Assert.Equal(HttpStatusCode.OK, watch.Status);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"web","labels":{"app":"web"}}}""");
        await api.PatchAsync(ConfigMaps + "/web", """{"data":{"k":"v"}}""");
        await api.DeleteAsync(ConfigMaps + "/web");

        var added = await watch.NextAsync();
        Assert.Equal("ADDED", added!["type"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion, added["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());
        var modified = await watch.NextAsync();
        Assert.Equal("MODIFIED", modified!["type"]!.GetValue<string>());
        Assert.Equal("v", modified["object"]!["data"]!["k"]!.GetValue<string>());
        var deleted = await watch.NextAsync();
        Assert.Equal("DELETED", deleted!["type"]!.GetValue<string>());
        Assert.Equal("web", deleted["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_watcher_of_a_change_gets_the_same_line_whose_object_is_what_the_write_answered()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var list = await api.GetAsync(ConfigMaps);
        using var first = await api.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");
        using var second = await api.WatchAsync($"/api/v1/configmaps?watch=1&resourceVersion={list.ResourceVersion}");

        // Characters the JSON encoder escapes: the shared line must be what the object path writes.
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"web","annotations":{"note":"<ünï> & 'x' 🚀"}}}""");
        var patched = await api.PatchAsync(ConfigMaps + "/web", """{"data":{"k":"v"}}""");

        foreach (var (type, answer) in new[] { ("ADDED", created.Text), ("MODIFIED", patched.Text) })
        {
            var line = await first.NextLineAsync();
            Assert.Equal($$"""{"type":"{{type}}","object":{{answer}}}""", line);
            Assert.Equal(line, await second.NextLineAsync());
        }
    }

    [Fact]
    public async Task A_watch_without_a_revision_starts_with_what_exists_and_honours_selectors()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a","labels":{"app":"web"}}}""");
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"b","labels":{"app":"db"}}}""");

        using var watch = await api.WatchAsync($"/api/v1/configmaps?watch=true&labelSelector=app%3Dweb");
        var first = await watch.NextAsync();
        Assert.Equal(("ADDED", "a"), (first!["type"]!.GetValue<string>(), first["object"]!["metadata"]!["name"]!.GetValue<string>()));
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"c","labels":{"app":"db"}}}""");
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"d","labels":{"app":"web"}}}""");
        var next = await watch.NextAsync();
        Assert.Equal("d", next!["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)] // the watch lists first
    [InlineData(true)] // the watch resumes from a revision
    public async Task An_object_leaving_a_selection_is_DELETED_and_one_entering_it_ADDED(bool fromRevision)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a","labels":{"app":"web"}}}""");
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"b","labels":{"app":"db"}}}""");

        var from = fromRevision ? $"&resourceVersion={created.ResourceVersion}" : "";
        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=1&labelSelector=app%3Dweb{from}");
        if (!fromRevision)
        {
            Assert.Equal("ADDED", (await watch.NextAsync())!["type"]!.GetValue<string>());
        }

        await api.PatchAsync(ConfigMaps + "/a", """{"metadata":{"labels":{"app":"db"}}}""");
        await api.PatchAsync(ConfigMaps + "/b", """{"metadata":{"labels":{"app":"web"}}}""");
        await api.PatchAsync(ConfigMaps + "/b", """{"data":{"k":"v"}}""");
        await api.DeleteAsync(ConfigMaps + "/a"); // no longer selected: the client hears nothing of it
        await api.DeleteAsync(ConfigMaps + "/b");

        string[] expected = ["DELETED a", "ADDED b", "MODIFIED b", "DELETED b"];
        foreach (var line in expected)
        {
            var e = await watch.NextAsync();
            Assert.Equal(line, $"{e!["type"]!.GetValue<string>()} {e["object"]!["metadata"]!["name"]!.GetValue<string>()}");
        }
    }

    [Fact]
    public async Task A_watch_ends_after_timeoutSeconds()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var list = await api.GetAsync(ConfigMaps);

        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=1&timeoutSeconds=1&resourceVersion={list.ResourceVersion}");
        Assert.Null(await watch.NextAsync());
    }

    [Fact]
    public async Task A_watch_from_a_compacted_revision_ends_with_a_410_Gone_event()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");
        await api.PatchAsync(ConfigMaps + "/a", """{"data":{"k":"1"}}""");
        var latest = await api.PatchAsync(ConfigMaps + "/a", """{"data":{"k":"2"}}""");
        await server.Store.CompactAsync("default", long.Parse(latest.ResourceVersion!));

        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={created.ResourceVersion}");
        var error = await watch.NextAsync();
        Assert.Equal("ERROR", error!["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_quiet_watch_answers_with_a_bookmark_at_the_newest_revision()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"a"}}""");
        var objects = new ResourceObjects(server.Store, TimeProvider.System);
        var configMaps = ResourceRegistry.BuiltIn.Find("", "v1", "configmaps")!;

        await using var watch = await objects.WatchAsync("default", configMaps, "default",
            new ListOptions { ResourceVersion = long.Parse(created.ResourceVersion!) });
        var bookmark = await watch.NextAsync(TimeSpan.FromMilliseconds(200), configMaps, CancellationToken.None);

        Assert.Equal(ObjectEvent.Bookmark, bookmark!.Type);
        Assert.Equal("ConfigMap", bookmark.Object["kind"]!.GetValue<string>());
        Assert.Equal(created.ResourceVersion, bookmark.Object["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
