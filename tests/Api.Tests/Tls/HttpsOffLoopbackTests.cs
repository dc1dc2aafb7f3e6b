using System.Net;
using System.Net.Http.Json;
using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Tls;

/// <summary>
/// Plain HTTP off loopback: a server listening on 0.0.0.0 answers its probes without TLS and turns
/// every other plain request away before it reads a credential, while the same port over https
/// serves as usual; on loopback plain HTTP stays. Requests over TLS know they are (IsHttps).
/// </summary>
public sealed class HttpsOffLoopbackTests
{
    [Fact]
    public async Task Off_loopback_plain_HTTP_answers_the_probes_and_sends_everything_else_to_https()
    {
        using var directory = new TempDirectory();
        await using var server = await TestServers.StartAsync(directory.Path, listen: "0.0.0.0:0", adminPassword: Tenants.Password);
        Assert.False(server.ServesPlainHttp);
        var plainAddress = new UriBuilder(server.TlsAddress) { Scheme = Uri.UriSchemeHttp }.Uri;
        var (token, authority) = TestCertificates.ReadKubeconfig(server);
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = plainAddress };

        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/livez")).StatusCode);

        using var api = await plain.SendAsync(TestCertificates.WithToken(HttpMethod.Get, "/k8s/default/api?x=1", token));
        Assert.Equal(HttpStatusCode.PermanentRedirect, api.StatusCode);
        Assert.Equal(new Uri(server.TlsAddress, "/k8s/default/api?x=1"), api.Headers.Location);

        using var refused = await plain.PostAsJsonAsync("/console/v1/tokens", new { login = "admin", password = Tenants.Password, workspace = "default" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"use {new Uri(server.TlsAddress, "/console/v1/tokens")}", await refused.Content.ReadAsStringAsync());
        // Turned away before the sign-in endpoint: no session cookie, not even a failed attempt counted.
        using var signIn = await plain.PostAsJsonAsync("/console/v1/session", new { login = "admin", password = Tenants.Password });
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));

        using var https = TestCertificates.Trusting(authority!, server.TlsAddress);
        using var overTls = await https.SendAsync(TestCertificates.WithToken(HttpMethod.Get, "/k8s/default/api", token));
        Assert.Equal(HttpStatusCode.OK, overTls.StatusCode);
        using var session = await https.PostAsJsonAsync("/console/v1/session", new { login = "admin", password = Tenants.Password });
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        Assert.Contains("secure", SessionCookie(session), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Loopback_keeps_plain_HTTP_and_a_cookie_is_Secure_only_over_TLS()
    {
        using var directory = new TempDirectory();
        await using var server = await TestServers.StartAsync(directory.Path, adminPassword: Tenants.Password);
        Assert.True(server.ServesPlainHttp);
        var (token, authority) = TestCertificates.ReadKubeconfig(server);
        Assert.DoesNotContain("tls-server-name", await File.ReadAllTextAsync(server.KubeconfigPath)); // the generated certificate names 127.0.0.1
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Address };

        using var api = await plain.SendAsync(TestCertificates.WithToken(HttpMethod.Get, "/k8s/default/api", token));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var plainSession = await plain.PostAsJsonAsync("/console/v1/session", new { login = "admin", password = Tenants.Password });
        Assert.Equal(HttpStatusCode.NoContent, plainSession.StatusCode);
        Assert.DoesNotContain("secure", SessionCookie(plainSession), StringComparison.OrdinalIgnoreCase);

        using var https = TestCertificates.Trusting(authority!, server.TlsAddress);
        using var tlsSession = await https.PostAsJsonAsync("/console/v1/session", new { login = "admin", password = Tenants.Password });
        Assert.Equal(HttpStatusCode.NoContent, tlsSession.StatusCode);
        Assert.Contains("secure", SessionCookie(tlsSession), StringComparison.OrdinalIgnoreCase);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieSessions.CookieName + "=", StringComparison.Ordinal));
}
