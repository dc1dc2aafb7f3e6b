using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Agents.Runtime.Docker;

/// <summary>
/// A thin client of the Docker Engine API over its unix socket. It stands in for Docker.DotNet,
/// which this registry does not carry, and holds only the calls the agent makes: images,
/// containers, logs, stats and exec (the partial files beside this one). Every call speaks API
/// version <see cref="ApiVersion"/> (Docker 20.10 and later answer it), and every failure is a
/// <see cref="DockerException"/> carrying the engine's own message.
/// </summary>
public sealed partial class DockerEngine : IDisposable
{
    /// <summary>Docker 20.10's API: the oldest engine Debian ships here, and newer engines still serve it.</summary>
    public const string ApiVersion = "1.41";

    public const string DefaultSocket = "/var/run/docker.sock";

    private readonly HttpClient http;

    public DockerEngine(string socketPath = DefaultSocket)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            // A resync inspects every pod's containers at once, opening as many connections; each
            // idle one keeps its buffers (about 0.1 MB of an agent's memory per pod). A unix socket
            // is cheap to open again, so idle ones close soon.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };

        // No client-wide timeout: log follows and waits last as long as the container; callers cancel.
        http = new HttpClient(handler) { BaseAddress = new Uri($"http://docker/v{ApiVersion}/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public string SocketPath { get; }

    /// <summary>The engine of <c>DOCKER_HOST</c> when it names a unix socket, else the default socket.</summary>
    public static DockerEngine FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        const string unix = "unix://";
        return host is not null && host.StartsWith(unix, StringComparison.Ordinal)
            ? new DockerEngine(host[unix.Length..])
            : new DockerEngine();
    }

    /// <summary>The engine's version, or a <see cref="DockerException"/> saying why it cannot be reached.</summary>
    public Task<DockerVersion> VersionAsync(CancellationToken ct = default) => GetAsync("version", DockerJson.Default.DockerVersion, ct);

    public void Dispose() => http.Dispose();

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, ct);
        return await ReadAsync(response, path, answer, ct);
    }

    private async Task<T> PostAsync<T>(string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, path, body, ct);
        return await ReadAsync(response, path, answer, ct);
    }

    /// <summary>A JSON request body, written as the Engine API names its fields.</summary>
    private static JsonContent Body<T>(T value, JsonTypeInfo<T> type) => JsonContent.Create(value, type);

    private async Task PostAsync(string path, CancellationToken ct, params HttpStatusCode[] alsoFine)
    {
        using var response = await SendAsync(HttpMethod.Post, path, null, ct, alsoFine);
    }

    /// <summary>Sends a request and throws the engine's message for any status but success and <paramref name="alsoFine"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? body, CancellationToken ct, HttpStatusCode[]? alsoFine = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = body;

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DockerException(0, $"cannot reach the Docker engine at {SocketPath}: {e.InnerException?.Message ?? e.Message}", e);
        }

        if (response.IsSuccessStatusCode || (alsoFine is not null && alsoFine.Contains(response.StatusCode)))
        {
            return response;
        }

        using (response)
        {
            throw new DockerException((int)response.StatusCode, await ErrorMessageAsync(response, ct));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string path, JsonTypeInfo<T> answer, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync(answer, ct)
        ?? throw new DockerException((int)response.StatusCode, $"the Docker engine answered {path} with an empty body");

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty("message", out var message) && message.GetString() is { } said)
            {
                return said;
            }
        }
        catch (JsonException)
        {
            // not JSON: the text itself is the message
        }

        return string.IsNullOrWhiteSpace(text) ? $"HTTP {(int)response.StatusCode}" : text.Trim();
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);
}
