using System.Net;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>Server-side apply over HTTP: status codes, the refusals Kubernetes gives, and a conflict as a Status with its causes.</summary>
public sealed class ServerSideApplyTests
{
    private const string ConfigMap = "/api/v1/namespaces/default/configmaps/settings";
    private const string ApplyType = "application/apply-patch+yaml";

    private static string Settings(string mode) => """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"mode":"MODE"}}""".Replace("MODE", mode);

    [PostgresFact]
    public async Task On_postgres_apply_creates_then_updates_refuses_bad_requests_and_answers_a_conflict_naming_the_field()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url);
        using var api = KubeApi.Admin(server);

        var created = await api.PatchAsync(ConfigMap + "?fieldManager=deployer", Settings("fast"), ApplyType);
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal("deployer", created.Json["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        var updated = await api.PatchAsync(ConfigMap + "?fieldManager=deployer", Settings("slow"), ApplyType);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("slow", updated.Json["data"]!["mode"]!.GetValue<string>());

        var noManager = await api.PatchAsync(ConfigMap, Settings("x"), ApplyType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noManager.Status);
        Assert.Equal("fieldManager", noManager.Json["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        var noKind = await api.PatchAsync(ConfigMap + "?fieldManager=deployer", """{"metadata":{"name":"settings"}}""", ApplyType);
        Assert.Equal(HttpStatusCode.BadRequest, noKind.Status);
        var otherName = await api.PatchAsync(ConfigMap + "?fieldManager=deployer", Settings("x").Replace("\"settings\"", "\"other\""), ApplyType);
        Assert.Equal(HttpStatusCode.BadRequest, otherName.Status);

        var conflict = await api.PatchAsync(ConfigMap + "?fieldManager=intruder", Settings("fast"), ApplyType);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Conflict", conflict.Json["reason"]!.GetValue<string>());
        Assert.Equal("Apply failed with 1 conflict: conflict with \"deployer\" using v1: .data.mode", conflict.Json["message"]!.GetValue<string>());
        var cause = conflict.Json["details"]!["causes"]![0]!;
        Assert.Equal(("FieldManagerConflict", ".data.mode"), (cause["reason"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        Assert.Equal("slow", (await api.GetAsync(ConfigMap)).Json["data"]!["mode"]!.GetValue<string>());

        var forced = await api.PatchAsync(ConfigMap + "?fieldManager=intruder&force=true", Settings("fast"), ApplyType);
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Equal("fast", forced.Json["data"]!["mode"]!.GetValue<string>());
    }
}
