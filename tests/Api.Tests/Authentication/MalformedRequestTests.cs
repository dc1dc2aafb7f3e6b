using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Authentication;

/// <summary>
/// A small fuzz: malformed credentials, traversal and oddly encoded paths, overlong names, broken
/// query strings and bodies, sent as raw bytes. Every answer must be a refusal (4xx) or an
/// honest answer, never a 500, never a stack trace, and never anything of a workspace the caller
/// is not in, nor the secret it sent.
/// </summary>
public sealed class MalformedRequestTests
{
    private const string Marker = "leak-marker-7f3a91";

    [Fact]
    public async Task Malformed_tokens_headers_paths_and_bodies_get_4xx_never_500_nor_a_leak()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, rateLimits: TestServers.Unlimited);
        var admin = KubeApi.AdminToken(server);
        // Someone else's workspace, holding a marker that must never come back to admin.
        var mallory = await server.CreateUserAsync("mallory");
        await server.CreateWorkspaceAsync("mallory-ws", mallory);
        using (var theirs = new KubeApi(server.Address, await server.IssueTokenAsync(mallory, "mallory-ws"), "mallory-ws"))
        {
            var made = await theirs.PostAsync("/api/v1/namespaces/default/configmaps", $$$"""{"metadata":{"name":"private"},"data":{"v":"{{{Marker}}}"}}""");
            Assert.True(made.Status == System.Net.HttpStatusCode.Created, made.ToString());
        }

        var cases = new List<(string Method, string Target, string[] Headers, string? Body)>();
        foreach (var authorization in MalformedAuthorizations(admin))
        {
            cases.Add(("GET", "/k8s/default/api/v1/namespaces", [authorization], null));
            cases.Add(("GET", "/console/v1/user", [authorization], null));
        }

        foreach (var target in OddTargets())
        {
            foreach (var method in new[] { "GET", "DELETE" })
            {
                cases.Add((method, target, ["Authorization: Bearer " + admin], null));
            }
        }

        foreach (var body in BrokenBodies())
        {
            cases.Add(("POST", "/k8s/default/api/v1/namespaces/default/configmaps", ["Authorization: Bearer " + admin], body));
            cases.Add(("PATCH", "/k8s/default/api/v1/namespaces/default/configmaps/x", ["Authorization: Bearer " + admin, "X-Ignored: 1"], body));
            cases.Add(("POST", "/console/v1/tokens", [], body));
        }

        cases.AddRange(RandomRequests(admin, seed: 20261207, count: 300));

        var failures = new List<string>();
        foreach (var (method, target, headers, body) in cases)
        {
            var answer = await RawHttp.SendAsync(server.Address, method, target, headers, body);
            var problem = answer.Status switch
            {
                0 => "no HTTP answer",
                >= 500 => "a server error",
                _ when answer.Body.Contains(Marker, StringComparison.Ordinal) => "another workspace's data",
                _ when answer.Body.Contains("   at ", StringComparison.Ordinal) || answer.Body.Contains("Exception", StringComparison.Ordinal) => "a stack trace",
                _ when answer.Body.Contains(admin, StringComparison.Ordinal) || answer.Head.Contains(admin, StringComparison.Ordinal) => "the caller's secret echoed",
                _ => null,
            };
            if (problem is not null)
            {
                failures.Add($"{method} {Shorten(target)} [{string.Join("; ", headers.Select(Shorten))}] body {Shorten(body ?? "")}: {problem}: {answer}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} requests went wrong:\n" + string.Join("\n", failures.Take(20)));

        // And the server is still whole: the same admin token still lists what it may.
        using var api = KubeApi.Admin(server);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetAsync("/api/v1/namespaces")).Status);
    }

    private static IEnumerable<string> MalformedAuthorizations(string admin) =>
    [
        "Authorization:",
        "Authorization: Bearer",
        "Authorization: Bearer ",
        "Authorization: Bearer berth_",
        "Authorization: Bearer berth_" + new string('A', 6000),
        "Authorization: Bearer " + admin + "x",
        "Authorization: Bearer " + admin[..^1],
        "Authorization: Bearer " + admin.ToUpperInvariant(),
        "Authorization: bearer\t" + admin + "\t",
        "Authorization: Basic YWRtaW46cGFzc3dvcmQ=",
        "Authorization: Bearer berth_' OR '1'='1",
        "Authorization: Bearer berth_\u00e9\u00e8\u4e2d",
        "Authorization: Bearer berth_%00%0d%0a",
        "Authorization: Bearer a, Bearer " + admin,
        "Authorization: Token " + admin,
        "Cookie: berth_session=" + new string('x', 3000),
        "Cookie: berth_session=%%%; other=1",
    ];

    private static IEnumerable<string> OddTargets()
    {
        var longName = new string('a', 5000);
        return
        [
            "/k8s/../console/v1/user",
            "/k8s/default/../mallory-ws/api/v1/namespaces/default/configmaps",
            "/k8s/%2e%2e/mallory-ws/api/v1/namespaces/default/configmaps",
            "/k8s/default/api/v1/namespaces/default/configmaps/..%2f..%2f..%2fmallory-ws%2fapi%2fv1%2fnamespaces%2fdefault%2fconfigmaps%2fprivate",
            "/k8s/default/api/v1/namespaces/..%2fmallory-ws/configmaps",
            "/k8s/mallory-ws/api/v1/namespaces/default/configmaps/private",
            "/k8s/mallory-ws/api/v1/configmaps?watch=1&timeoutSeconds=1",
            "/k8s/MALLORY-WS/api/v1/namespaces/default/configmaps",
            "/k8s/mallory%2dws/api/v1/namespaces/default/configmaps",
            "/k8s/" + longName + "/api/v1/namespaces",
            "/k8s/default/api/v1/namespaces/" + longName + "/configmaps",
            "/k8s/default/api/v1/namespaces/default/configmaps/" + longName,
            "/k8s/default/api/v1/namespaces/default/configmaps/%00",
            "/k8s/default/api/v1/namespaces/default/configmaps/%ff%fe%fd",
            "/k8s/default/api/v1/namespaces/default/configmaps/%c0%ae%c0%ae",
            "/k8s/default/api/v1/namespaces/default/configmaps/%252e%252e",
            "/k8s/default/api/v1/namespaces/default/configmaps?labelSelector=%%%",
            "/k8s/default/api/v1/namespaces/default/configmaps?labelSelector=a+in+(b",
            "/k8s/default/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name==",
            "/k8s/default/api/v1/namespaces/default/configmaps?fieldSelector=spec.secret=x",
            "/k8s/default/api/v1/namespaces/default/configmaps?limit=-1",
            "/k8s/default/api/v1/namespaces/default/configmaps?limit=99999999999999999999",
            "/k8s/default/api/v1/namespaces/default/configmaps?continue=not-a-token",
            "/k8s/default/api/v1/namespaces/default/configmaps?resourceVersion=-5&resourceVersionMatch=Exact",
            "/k8s/default/api/v1/namespaces/default/configmaps?watch=maybe",
            "/k8s/default/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=99999999999999999999",
            "/k8s/default/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=abc&timeoutSeconds=1",
            "/k8s/default/api/v1/namespaces/default/pods/x/log?tailLines=-3&sinceSeconds=abc",
            "/k8s/default/apis/%00/v1/things",
            "/k8s/default/apis/apps/v1/namespaces/default/deployments/x/scale/extra/segments",
            "/console/v1/workspaces/mallory-ws",
            "/console/v1/workspaces/mallory-ws/members",
            "/console/v1/workspaces/mallory-ws/audit?since=yesterday&limit=-4",
            "/console/v1/workspaces/default/audit?since=not-a-time&limit=abc&continue=%%%",
            "/console/v1/workspaces/%2e%2e/members",
            "/console/v1/user/tokens/..%2f..%2fworkspaces",
            "/agent/v1/cacerts/../../console/v1/user",
            "/%2e%2e/%2e%2e/etc/passwd",
            "//k8s//default//api",
            "/k8s/default/api/v1/namespaces/default/configmaps/\u00e9\u4e2d",
        ];
    }

    private static IEnumerable<string> BrokenBodies() =>
    [
        "",
        "{",
        "null",
        "[]",
        "\"text\"",
        "{\"metadata\":{\"name\":" + new string('[', 2000) + new string(']', 2000) + "}}",
        "{\"metadata\":{\"name\":\"x\",\"labels\":{\"a\":1e999999}}}",
        "{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":\"\\ud800\"}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\",\"namespace\":\"../mallory-ws\"}}",
        "{\"login\":" + new string('"', 1) + new string('a', 100_000) + "\",\"password\":\"p\"}",
        "\u0000\u0001\u0002",
    ];

    /// <summary>Requests put together at random from the pieces above (seeded, so a failure repeats).</summary>
    private static IEnumerable<(string, string, string[], string?)> RandomRequests(string admin, int seed, int count)
    {
        var random = new Random(seed);
        string[] segments = ["k8s", "default", "mallory-ws", "api", "apis", "v1", "apps", "namespaces", "default", "configmaps", "secrets", "pods",
            "private", "status", "scale", "log", "..", ".", "%2e%2e", "%2f", "%00", "%ff", "~", "\u00e9", "a b", "console", "workspaces", "members", "user"];
        string[] methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "PROPFIND"];
        string[] queries = ["", "?watch=1&timeoutSeconds=1", "?limit=2", "?labelSelector=!!", "?dryRun=All", "?fieldManager=%00", "?pretty=1&pretty=0"];
        var bodies = BrokenBodies().Append("{\"metadata\":{\"name\":\"fuzzed\"}}").ToArray();
        for (var i = 0; i < count; i++)
        {
            var path = "/" + string.Join("/", Enumerable.Range(0, random.Next(1, 9)).Select(_ => segments[random.Next(segments.Length)]));
            var method = methods[random.Next(methods.Length)];
            string? body = method is "POST" or "PUT" or "PATCH" ? bodies[random.Next(bodies.Length)] : null;
            string[] headers = random.Next(4) == 0 ? [] : ["Authorization: Bearer " + (random.Next(3) == 0 ? "berth_" + random.Next() : admin)];
            yield return (method, path + queries[random.Next(queries.Length)], headers, body);
        }
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + $"…({text.Length})" : text;
}
