using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Api.Tests.Support;

/// <summary>A bare HTTP client for <c>/console/v1/</c>, with or without a bearer token; answers are parsed JSON.</summary>
internal sealed class ConsoleClient(Uri server, string? token = null) : IDisposable
{
    private readonly HttpClient client = Create(server, token);

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> PostAsync(string path, string? json = null) => SendAsync(HttpMethod.Post, path, json ?? "{}");

    public Task<Answer> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    /// <summary>Signs <paramref name="login"/> in and returns a client carrying the token it got.</summary>
    public static async Task<ConsoleClient> SignInAsync(Uri server, string login, string password, string? workspace = null, bool readOnly = false)
    {
        using var anonymous = new ConsoleClient(server);
        var body = new JsonObject { ["login"] = login, ["password"] = password, ["workspace"] = workspace, ["readOnly"] = readOnly };
        var answer = await anonymous.PostAsync("/console/v1/tokens", body.ToJsonString());
        Assert.True(answer.Status == HttpStatusCode.Created, answer.ToString());
        return new ConsoleClient(server, answer.Json!["token"]!.GetValue<string>());
    }

    public string? Token => token;

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var parsed = text.Length > 0 && mediaType?.EndsWith("json", StringComparison.Ordinal) != false ? JsonNode.Parse(text) : null;
        return new Answer(response.StatusCode, parsed, text, mediaType, response.Headers, response.Content.Headers.ContentDisposition?.ToString());
    }

    public void Dispose() => client.Dispose();

    private static HttpClient Create(Uri server, string? token)
    {
        var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <param name="Json">The body parsed, when it is JSON (a kubeconfig download is YAML).</param>
    public sealed record Answer(HttpStatusCode Status, JsonNode? Json, string Text, string? ContentType, HttpResponseHeaders Headers, string? Disposition = null)
    {
        /// <summary>The problem's message for one field, from a validation problem's <c>errors</c>.</summary>
        public string? Error(string field) => Json?["errors"]?[field]?[0]?.GetValue<string>();

        public string? Detail => Json?["detail"]?.GetValue<string>();

        public override string ToString() => $"{(int)Status} {Text}";
    }
}
