using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Api;

namespace Berth.Api.Tests.Support;

/// <summary>A bare HTTP client for one workspace's Kubernetes API, with a bearer token; answers are parsed JSON.</summary>
internal sealed partial class KubeApi : IDisposable
{
    private readonly HttpClient client;
    private readonly string root;

    public KubeApi(Uri server, string token, string workspace = "default")
    {
        client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (token.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        root = $"/k8s/{workspace}";
    }

    /// <summary>A client with the admin token the server wrote into its kubeconfig.</summary>
    public static KubeApi Admin(BerthServer server) => new(server.Address, AdminToken(server));

    public static string AdminToken(BerthServer server) =>
        TokenLine().Match(File.ReadAllText(server.KubeconfigPath)).Groups["token"].Value;

    public Task<Response> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>A GET with an Accept header, as kubectl sends one to be answered with a Table.</summary>
    public Task<Response> GetAsync(string path, string accept) => SendAsync(HttpMethod.Get, path, accept: accept);

    public Task<Response> PostAsync(string path, string json) => SendAsync(HttpMethod.Post, path, json);

    public Task<Response> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<Response> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<Response> PatchAsync(string path, string json, string contentType = "application/merge-patch+json") =>
        SendAsync(HttpMethod.Patch, path, json, contentType);

    public async Task<Response> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, root + path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Response(response.StatusCode, text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : new JsonObject(), text)
        {
            Warnings = response.Headers.TryGetValues("Warning", out var warnings) ? warnings.ToList() : [],
            ContentType = response.Content.Headers.ContentType?.ToString(),
            RetryAfter = response.Headers.RetryAfter?.Delta,
        };
    }

    /// <summary>Opens a watch (with an Accept header when given) and hands back its lines as they arrive.</summary>
    public async Task<WatchLines> WatchAsync(string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, root + path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new WatchLines(request, response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    public void Dispose() => client.Dispose();

    [GeneratedRegex(@"^\s*token:\s*(?<token>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex TokenLine();

    public sealed record Response(HttpStatusCode Status, JsonObject Json, string Text)
    {
        public string? Reason => Json["reason"]?.GetValue<string>();

        public string? ResourceVersion => Json["metadata"]?["resourceVersion"]?.GetValue<string>();

        /// <summary>The <c>Warning</c> headers, as sent (<c>299 - "text"</c>).</summary>
        public IReadOnlyList<string> Warnings { get; init; } = [];

        public string? ContentType { get; init; }

        /// <summary>The <c>Retry-After</c> header, as a delay.</summary>
        public TimeSpan? RetryAfter { get; init; }

        public override string ToString() => $"{(int)Status} {Text}";
    }

    public sealed class WatchLines(HttpRequestMessage request, HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(10);

        public HttpStatusCode Status => response.StatusCode;

        /// <summary>The next event, or null when the server ended the stream.</summary>
        public async Task<JsonObject?> NextAsync() =>
            await NextLineAsync() is { } line ? JsonNode.Parse(line)!.AsObject() : null;

        /// <summary>The next event's line as sent, or null when the server ended the stream.</summary>
        public async Task<string?> NextLineAsync()
        {
            using var deadline = new CancellationTokenSource(EventDeadline);
            return await reader.ReadLineAsync(deadline.Token);
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
            request.Dispose();
        }
    }
}
