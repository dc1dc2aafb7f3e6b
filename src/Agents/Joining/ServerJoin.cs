using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Berth.Agents.Hub;
using Berth.Engine.Nodes;

namespace Berth.Agents.Joining;

/// <summary>A node credential a join earned, and the CA the server was verified by (null over plain HTTP or with the system's roots).</summary>
public sealed record JoinedNode(string Credential, string? CertificateAuthorityPem);

/// <summary>
/// Trades a join token for this node's own credential, the way a k3s agent bootstraps: over https
/// with a token that carries a CA hash, it first fetches the server's CA (public, nothing sent but
/// the request) and refuses to go on unless that CA hashes to the token's value; the secret then
/// travels only over TLS that chains to the verified CA. A mismatch means another server, or
/// someone in between, and the secret never leaves the machine.
/// </summary>
public static class ServerJoin
{
    public static async Task<JoinedNode> JoinAsync(Uri server, JoinToken token, string nodeName, string? certificateAuthorityPem, CancellationToken ct)
    {
        var authority = certificateAuthorityPem;
        if (server.Scheme == Uri.UriSchemeHttps && token.CaHash is { } expected)
        {
            authority = await FetchAuthorityAsync(server, ct);
            var served = JoinToken.CaHashOf(authority);
            if (served != expected)
            {
                throw new JoinException(
                    $"the server's CA (sha256:{served}) does not match the join token's (sha256:{expected}): refusing to join {server}");
            }
        }

        using var http = Client(server, authority);
        using var request = new HttpRequestMessage(HttpMethod.Post, JoinRoutes.Join) { Content = JsonContent.Create(new JoinRequest(nodeName), AgentJson.Default.JoinRequest) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Secret);
        using var response = await SendAsync(http, request, ct);
        if (response.StatusCode == HttpStatusCode.Created && await response.Content.ReadFromJsonAsync(AgentJson.Default.JoinResponse, ct) is { } joined)
        {
            return new JoinedNode(joined.Credential, authority);
        }

        var detail = await Detail(response, ct);
        throw new JoinException(response.StatusCode == HttpStatusCode.Unauthorized
            ? $"{server} refused the join token: it is unknown, expired or revoked"
            : $"{server} refused to let node {nodeName} join ({(int)response.StatusCode}): {detail}");
    }

    private static async Task<string> FetchAuthorityAsync(Uri server, CancellationToken ct)
    {
        // Any certificate will do for this one request: what it brings back is checked against the token's hash.
        using var http = Client(server, null, trustAnything: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, JoinRoutes.CaCertificates);
        using var response = await SendAsync(http, request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new JoinException($"{server} did not give its CA certificate ({(int)response.StatusCode})");
        }

        return await response.Content.ReadAsStringAsync(ct);
    }

    private static HttpClient Client(Uri server, string? authorityPem, bool trustAnything = false)
    {
        var handler = new SocketsHttpHandler();
        if (trustAnything)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (authorityPem is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ServerTrust.Only(authorityPem);
        }

        return new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new JoinException($"cannot reach {http.BaseAddress}: {e.GetBaseException().Message}", e);
        }
    }

    private static async Task<string> Detail(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonNode.Parse(text)?["detail"]?.GetValue<string>() ?? text;
        }
        catch (System.Text.Json.JsonException)
        {
            return text;
        }
    }
}
