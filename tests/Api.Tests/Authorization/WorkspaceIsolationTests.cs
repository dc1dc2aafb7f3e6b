using System.Net;
using Berth.Api.Tests.Support;
using Berth.Engine.Resources;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Authorization;

/// <summary>
/// Two users, two workspaces: nothing of one is reachable, or even detectable, with a token of the
/// other, on every path and verb of every kind.
/// </summary>
public sealed class WorkspaceIsolationTests
{
    [Fact]
    public async Task On_sqlite_every_verb_of_every_kind_in_a_workspace_one_is_not_in_is_404_like_one_that_does_not_exist()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, rateLimits: TestServers.Unlimited);
        await EveryVerbIsNotFoundAsync(server);
    }

    [PostgresFact]
    public async Task On_postgres_every_verb_of_every_kind_in_a_workspace_one_is_not_in_is_404_like_one_that_does_not_exist()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, rateLimits: TestServers.Unlimited);
        await EveryVerbIsNotFoundAsync(server);
    }

    private static async Task EveryVerbIsNotFoundAsync(BerthServer server)
    {
        var alice = await server.CreateUserAsync("alice");
        var bob = await server.CreateUserAsync("bob");
        await server.CreateWorkspaceAsync("alpha", alice);
        await server.CreateWorkspaceAsync("beta", bob);
        using (var own = new KubeApi(server.Address, await server.IssueTokenAsync(bob, "beta"), "beta"))
        {
            // Something to find, were isolation broken.
            Assert.Equal(HttpStatusCode.Created, (await own.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"web"},"data":{"k":"v"}}""")).Status);
        }

        foreach (var token in new[] { await server.IssueTokenAsync(alice, "alpha"), await server.IssueTokenAsync(alice, null) })
        {
            using var intoBeta = new KubeApi(server.Address, token, "beta");
            using var intoNowhere = new KubeApi(server.Address, token, "no-such-workspace");
            foreach (var (method, path, body) in EveryRequest())
            {
                var answer = await intoBeta.SendAsync(method, path, body, ContentType(method));
                var nowhere = await intoNowhere.SendAsync(method, path, body, ContentType(method));
                Assert.True(answer.Status == HttpStatusCode.NotFound, $"{method} {path}: {answer}");
                Assert.Equal("NotFound", answer.Reason);
                Assert.Equal(nowhere.Text, answer.Text); // not one byte tells beta exists
            }

            using var intoAlpha = new KubeApi(server.Address, token, "alpha");
            Assert.Equal(HttpStatusCode.OK, (await intoAlpha.GetAsync("/api/v1/configmaps")).Status);
        }
    }

    /// <summary>Every verb of every built-in kind, namespaced and across namespaces, plus discovery and a path nothing serves.</summary>
    private static IEnumerable<(HttpMethod Method, string Path, string? Body)> EveryRequest()
    {
        foreach (var path in new[] { "/api", "/api/v1", "/apis", "/apis/apps/v1", "/version", "/openapi/v2", "/openapi/v3", "/no/such/path" })
        {
            yield return (HttpMethod.Get, path, null);
        }

        foreach (var type in ResourceRegistry.BuiltIn.Types)
        {
            var root = type.Group.Length == 0 ? "/api/v1" : $"/apis/{type.Group}/{type.Version}";
            var collection = type.Namespaced ? $"{root}/namespaces/default/{type.Plural}" : $"{root}/{type.Plural}";
            var named = $"{collection}/web";
            var body = $$$"""{"apiVersion":"{{{type.ApiVersion}}}","kind":"{{{type.Kind}}}","metadata":{"name":"web"}}""";
            yield return (HttpMethod.Get, collection, null);
            yield return (HttpMethod.Get, collection + "?watch=1", null);
            yield return (HttpMethod.Get, named, null);
            yield return (HttpMethod.Post, collection, body);
            yield return (HttpMethod.Put, named, body);
            yield return (HttpMethod.Patch, named, """{"metadata":{"labels":{"a":"b"}}}""");
            yield return (HttpMethod.Delete, named, null);
            yield return (HttpMethod.Delete, collection, null);
            if (type.Namespaced)
            {
                yield return (HttpMethod.Get, $"{root}/{type.Plural}", null);
                yield return (HttpMethod.Get, $"{root}/{type.Plural}?watch=true", null);
            }

            if (type.HasStatus)
            {
                yield return (HttpMethod.Put, named + "/status", body);
            }

            if (type.HasScale)
            {
                yield return (HttpMethod.Get, named + "/scale", null);
            }
        }
    }

    private static string ContentType(HttpMethod method) => method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";
}
