using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Api.Users;

namespace Berth.Api.Tests.Console;

/// <summary>Cookie sign-in (<c>/console/v1/session</c>): what a browser uses instead of a token, and what it may not open.</summary>
public sealed class ConsoleSessionTests(SqliteServer shared) : IClassFixture<SqliteServer>
{
    private Uri Address => shared.Server.Address;

    [Fact]
    public async Task A_session_cookie_opens_the_console_as_the_user_until_signing_out()
    {
        await shared.Server.CreateUserAsync("sal");
        using var browser = Browser(out var cookies);

        var signedIn = await browser.PostAsJsonAsync("/console/v1/session", new { login = "sal", password = Tenants.Password });
        Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
        var setCookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieSessions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);

        var me = await browser.GetFromJsonAsync<JsonObject>("/console/v1/user");
        Assert.Equal("sal", me!["userName"]!.GetValue<string>());
        var workspace = await browser.PostAsJsonAsync("/console/v1/workspaces", new { name = "sals" });
        Assert.Equal(HttpStatusCode.Created, workspace.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.DeleteAsync("/console/v1/session")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/console/v1/user")).StatusCode);
        Assert.DoesNotContain(cookies.GetCookies(Address), c => c.Name == CookieSessions.CookieName && !c.Expired && c.Value.Length > 0);
    }

    [Fact]
    public async Task A_wrong_password_gets_no_cookie_and_the_cookie_never_opens_the_Kubernetes_API()
    {
        await shared.Server.CreateUserAsync("ted");
        using var browser = Browser(out var cookies);

        var wrong = await browser.PostAsJsonAsync("/console/v1/session", new { login = "ted", password = "not the password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(cookies.GetCookies(Address), c => c.Name == CookieSessions.CookieName);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync("/console/v1/session", new { login = "ted", password = Tenants.Password })).StatusCode);
        // kubectl's API takes tokens only: a cookie there would let any site's page act on workspaces.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/k8s/default/api/v1/namespaces")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_every_cookie_session_of_the_user()
    {
        await shared.Server.CreateUserAsync("uma");
        using var browser = Browser(out _);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsJsonAsync("/console/v1/session", new { login = "uma", password = Tenants.Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/v1/user")).StatusCode);

        var changed = await browser.PostAsJsonAsync("/console/v1/user/password", new { currentPassword = Tenants.Password, newPassword = "another long password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/console/v1/user")).StatusCode);
    }

    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
