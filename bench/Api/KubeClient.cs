using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Berth.Bench.Api;

/// <summary>
/// Talks to one workspace's API as kubectl does: HTTP/1.1 keep-alive connections, TLS verified
/// against the kubeconfig's CA (or plain HTTP, to see what TLS costs), the bearer token on every
/// request, JSON bodies. One instance is one connection pool, up to <c>maxConnections</c>.
/// </summary>
internal sealed class KubeClient : IDisposable
{
    public const string TableAccept = "application/json;as=Table;g=meta.k8s.io;v=v1";

    private readonly HttpClient http;

    public KubeClient(Kubeconfig config, Uri plainAddress, bool tls, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusted(config.Authority, certificate),
            },
        };
        var server = tls ? config.Server : new Uri(plainAddress, config.Server.AbsolutePath);
        http = new HttpClient(handler)
        {
            BaseAddress = new Uri(server.AbsoluteUri.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan, // watches stay open; every call has its own deadline
            DefaultRequestVersion = HttpVersion.Version11,
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.Token);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("kubectl/v1.32.0 (linux/amd64) berth-bench");
        Scheme = tls ? "https" : "http";
    }

    public string Scheme { get; }

    /// <summary>POSTs a pod as <c>kubectl create -f</c> does; anything but 201 Created fails the run.</summary>
    public async Task CreatePodAsync(string @namespace, byte[] body, CancellationToken ct = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"api/v1/namespaces/{@namespace}/pods?fieldManager=kubectl-create&fieldValidation=Strict", content, ct);
        await ExpectAsync(response, HttpStatusCode.Created);
    }

    /// <summary>DELETEs a pod at once, as <c>kubectl delete pod --grace-period=0 --wait=false</c> does.</summary>
    public async Task DeletePodAsync(string @namespace, string name, CancellationToken ct = default)
    {
        using var response = await http.DeleteAsync($"api/v1/namespaces/{@namespace}/pods/{name}?gracePeriodSeconds=0", ct);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Sets one label of a pod with a JSON merge patch (what <c>kubectl label --overwrite</c> changes).</summary>
    public async Task LabelPodAsync(string @namespace, string name, string label, string value, CancellationToken ct = default)
    {
        var patch = new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { [label] = value } } };
        using var content = new StringContent(patch.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var response = await http.PatchAsync($"api/v1/namespaces/{@namespace}/pods/{name}?fieldManager=kubectl-label", content, ct);
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Creates a namespace; one that exists already is fine.</summary>
    public async Task EnsureNamespaceAsync(string name)
    {
        using var content = new StringContent($$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{name}}}"}}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("api/v1/namespaces", content);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await ExpectAsync(response, HttpStatusCode.Created);
        }
    }

    /// <summary>GETs a path with the given Accept header and returns the whole body.</summary>
    public async Task<byte[]> GetAsync(string path, string accept, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        }

        return body;
    }

    /// <summary>GETs a path outside the workspace (e.g. /livez); the token goes along, as a client would send it.</summary>
    public async Task GetRootAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(http.BaseAddress!, path));
        await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Opens a watch (a streamed GET) and returns once its headers have arrived.</summary>
    public async Task<HttpResponseMessage> WatchAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("application/json");
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new HttpRequestException($"watch {path}: {(int)response.StatusCode} {body}");
        }

        return response;
    }

    public void Dispose() => http.Dispose();

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        // Read to the end either way, so the connection goes back to the pool.
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: " +
                                           $"{(int)response.StatusCode}, expected {(int)expected}: {Encoding.UTF8.GetString(body)}");
        }
    }

    /// <summary>The server's certificate must chain to the kubeconfig's CA, as kubectl checks it.</summary>
    private static bool Trusted(X509Certificate2 authority, X509Certificate? presented)
    {
        if (presented is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented as X509Certificate2 ?? new X509Certificate2(presented));
    }
}
