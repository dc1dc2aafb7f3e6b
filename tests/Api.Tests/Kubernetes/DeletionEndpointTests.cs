using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>
/// Delete, deletecollection, finalizers, namespace termination and dry runs through the HTTP API, as
/// kubectl and client libraries use them: options in a DeleteOptions body or the query, and the
/// answers (Status, object, list, 409, 403, 422) Kubernetes gives.
/// </summary>
public sealed class DeletionEndpointTests
{
    private const string ConfigMaps = "/api/v1/namespaces/demo/configmaps";

    [Fact]
    public Task On_sqlite() => FinalizersAndNamespaceTermination(null);

    [PostgresFact]
    public async Task On_postgres()
    {
        await using var database = await TestDatabase.CreateAsync();
        await FinalizersAndNamespaceTermination(database.Url);
    }

    private static async Task FinalizersAndNamespaceTermination(string? datastore)
    {
        using var dir = new TempDirectory();
        // The API's part alone: the test plays the garbage collector and the namespace controller itself.
        await using var server = await TestServers.StartAsync(dir.Path, datastore, controllers: TestServers.NoControllers);
        using var api = await WithDemoNamespaceAsync(server);
        var ns = await api.GetAsync("/api/v1/namespaces/demo");
        Assert.Equal("""["kubernetes"]""", ns.Json["spec"]!["finalizers"]!.ToJsonString());

        // An Orphan delete (kubectl --cascade=orphan) leaves the orphan finalizer: the object stays, marked, and is the answer.
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"owner"}}""");
        var list = await api.GetAsync(ConfigMaps);
        using var watch = await api.WatchAsync($"{ConfigMaps}?watch=1&resourceVersion={list.ResourceVersion}");
        var orphaned = await api.SendAsync(HttpMethod.Delete, ConfigMaps + "/owner", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Orphan"}""");
        Assert.Equal(HttpStatusCode.OK, orphaned.Status);
        Assert.Equal("ConfigMap", orphaned.Json["kind"]!.GetValue<string>());
        Assert.Equal("""["orphan"]""", orphaned.Json["metadata"]!["finalizers"]!.ToJsonString());
        Assert.NotNull(orphaned.Json["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(ConfigMaps + "/owner")).Status);

        // The garbage collector's part: taking the finalizer off completes the delete, and watchers see it go.
        var finished = await api.PatchAsync(ConfigMaps + "/owner", """{"metadata":{"finalizers":null}}""");
        Assert.Equal(HttpStatusCode.OK, finished.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(ConfigMaps + "/owner")).Status);
        Assert.Equal("MODIFIED", (await watch.NextAsync())!["type"]!.GetValue<string>());
        var gone = await watch.NextAsync();
        Assert.Equal(("DELETED", "owner"), (gone!["type"]!.GetValue<string>(), gone["object"]!["metadata"]!["name"]!.GetValue<string>()));

        // Deleting the namespace makes it Terminating; it stays, and refuses new content with 403.
        var terminating = await api.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/demo", """{"propagationPolicy":"Background"}""");
        Assert.Equal(HttpStatusCode.OK, terminating.Status);
        Assert.Equal("Terminating", terminating.Json["status"]!["phase"]!.GetValue<string>());
        var refused = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"late"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Forbidden", refused.Reason);
        Assert.Equal("configmaps \"late\" is forbidden: unable to create new content in namespace demo because it is being terminated", refused.Json["message"]!.GetValue<string>());
        var cause = refused.Json["details"]!["causes"]![0]!;
        Assert.Equal(("NamespaceTerminating", "metadata.namespace"), (cause["reason"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));

        // The namespace controller's part: finalize empties spec.finalizers and the namespace goes.
        var current = (await api.GetAsync("/api/v1/namespaces/demo")).Json;
        current["spec"] = new JsonObject { ["finalizers"] = new JsonArray() };
        var finalized = await api.PutAsync("/api/v1/namespaces/demo/finalize", current.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, finalized.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/namespaces/demo")).Status);
    }

    [Fact]
    public async Task Preconditions_options_in_the_query_and_the_answer_each_kind_gives()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = await WithDemoNamespaceAsync(server);
        var created = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"app"}}""");

        var stale = await api.SendAsync(HttpMethod.Delete, ConfigMaps + "/app", """{"preconditions":{"resourceVersion":"1"}}""");
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("Conflict", stale.Reason);
        Assert.StartsWith("Operation cannot be fulfilled on ConfigMap \"app\": the ResourceVersion in the precondition (1) does not match", stale.Json["message"]!.GetValue<string>());

        var badPolicy = await api.DeleteAsync(ConfigMaps + "/app?propagationPolicy=Sideways");
        Assert.Equal((HttpStatusCode)422, badPolicy.Status);
        Assert.Equal(("meta.k8s.io", "DeleteOptions"), (badPolicy.Json["details"]!["group"]!.GetValue<string>(), badPolicy.Json["details"]!["kind"]!.GetValue<string>()));

        // A plain object goes at once and the answer is a success Status naming it.
        var deleted = await api.DeleteAsync(ConfigMaps + "/app?propagationPolicy=Background&gracePeriodSeconds=0");
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(("Status", "Success"), (deleted.Json["kind"]!.GetValue<string>(), deleted.Json["status"]!.GetValue<string>()));
        Assert.Equal(created.Json["metadata"]!["uid"]!.GetValue<string>(), deleted.Json["details"]!["uid"]!.GetValue<string>());

        // A pod's registry answers with the pod; one bound to a node stays for its grace period.
        await api.PostAsync("/api/v1/namespaces/demo/pods", """{"metadata":{"name":"web"},"spec":{"nodeName":"node-1","containers":[{"name":"c","image":"busybox"}]}}""");
        var pod = await api.DeleteAsync("/api/v1/namespaces/demo/pods/web");
        Assert.Equal("Pod", pod.Json["kind"]!.GetValue<string>());
        Assert.Equal(30, pod.Json["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        var kept = await api.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/demo/pods/web", """{"gracePeriodSeconds":0}""");
        Assert.Equal("Pod", kept.Json["kind"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/namespaces/demo/pods/web")).Status);

        // 202, as Kubernetes answers an object that stays after the deprecated cascading form.
        await api.PostAsync(ConfigMaps, """{"metadata":{"name":"guarded","finalizers":["example.com/guard"]}}""");
        var accepted = await api.SendAsync(HttpMethod.Delete, ConfigMaps + "/guarded", """{"orphanDependents":false}""");
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
    }

    [Fact]
    public async Task Deletecollection_deletes_what_the_selector_matches_and_answers_with_the_list()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = await WithDemoNamespaceAsync(server);
        foreach (var (name, app) in new[] { ("a", "web"), ("b", "web"), ("c", "db") })
        {
            var labelled = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = app } } };
            await api.PostAsync(ConfigMaps, labelled.ToJsonString());
        }

        var deleted = await api.DeleteAsync(ConfigMaps + "?labelSelector=app%3Dweb");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("ConfigMapList", deleted.Json["kind"]!.GetValue<string>());
        Assert.Equal(["a", "b"], deleted.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var left = await api.GetAsync(ConfigMaps);
        Assert.Equal(["c"], left.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.DeleteAsync("/api/v1/configmaps")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.DeleteAsync("/api/v1/namespaces")).Status);

        var v1 = await api.GetAsync("/api/v1");
        var resources = v1.Json["resources"]!.AsArray();
        string[] Verbs(string name) => resources.Single(r => r!["name"]!.GetValue<string>() == name)!["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
        Assert.Contains("deletecollection", Verbs("configmaps"));
        Assert.DoesNotContain("deletecollection", Verbs("namespaces"));
        Assert.Equal(["update"], Verbs("namespaces/finalize"));
    }

    [Fact]
    public async Task DryRun_All_answers_every_write_and_stores_nothing()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = await WithDemoNamespaceAsync(server);
        var existing = await api.PostAsync(ConfigMaps, """{"metadata":{"name":"app"},"data":{"k":"v"}}""");
        var before = (await api.GetAsync(ConfigMaps)).ResourceVersion;

        var created = await api.PostAsync(ConfigMaps + "?dryRun=All", """{"metadata":{"name":"new"}}""");
        var updated = await api.PutAsync(ConfigMaps + "/app?dryRun=All", """{"metadata":{"name":"app"},"data":{"k":"put"}}""");
        var patched = await api.PatchAsync(ConfigMaps + "/app?dryRun=All", """{"data":{"k":"patched"}}""");
        var deleted = await api.SendAsync(HttpMethod.Delete, ConfigMaps + "/app", """{"propagationPolicy":"Background","dryRun":["All"]}""");
        var collection = await api.DeleteAsync(ConfigMaps + "?dryRun=All");
        var invalid = await api.PostAsync(ConfigMaps + "?dryRun=Yes", """{"metadata":{"name":"new"}}""");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Null(created.ResourceVersion);
        Assert.Equal("put", updated.Json["data"]!["k"]!.GetValue<string>());
        Assert.Equal("patched", patched.Json["data"]!["k"]!.GetValue<string>());
        Assert.Equal(("Status", "Success"), (deleted.Json["kind"]!.GetValue<string>(), deleted.Json["status"]!.GetValue<string>()));
        Assert.Single(collection.Json["items"]!.AsArray());
        Assert.Equal((HttpStatusCode)422, invalid.Status);
        Assert.Equal("CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: []string{\"Yes\"}: supported values: \"All\"", invalid.Json["message"]!.GetValue<string>());
        var after = await api.GetAsync(ConfigMaps);
        Assert.Equal(before, after.ResourceVersion);
        Assert.Equal(existing.Json.ToJsonString(), Assert.Single(after.Json["items"]!.AsArray())!.ToJsonString());
    }

    private static async Task<KubeApi> WithDemoNamespaceAsync(Berth.Api.BerthServer server)
    {
        var api = KubeApi.Admin(server);
        await api.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"demo"}}""");
        return api;
    }
}
