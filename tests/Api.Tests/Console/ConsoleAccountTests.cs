using System.Net;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Api.Users;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Console;

/// <summary>Accounts through the console API: sign-up, signing in for a token, lockout, password change, two-factor.</summary>
public sealed class ConsoleAccountTests(SqliteServer shared) : IClassFixture<SqliteServer>
{
    private const string Password = "correct horse battery";

    private Uri Address => shared.Server.Address;

    [Fact]
    public async Task Sign_up_makes_an_account_and_refuses_a_taken_name_or_a_weak_password_as_problem_details()
    {
        using var anonymous = new ConsoleClient(Address);
        var created = await anonymous.PostAsync("/console/v1/users", """{"userName":"amy","email":"amy@example.test","password":"correct horse battery"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("amy", "amy@example.test", false), (created.Json!["userName"]!.GetValue<string>(), created.Json["email"]!.GetValue<string>(), created.Json["twoFactorEnabled"]!.GetValue<bool>()));

        var taken = await anonymous.PostAsync("/console/v1/users", """{"userName":"amy","password":"correct horse battery"}""");
        Assert.Equal(HttpStatusCode.BadRequest, taken.Status);
        Assert.Equal("application/problem+json", taken.ContentType);
        Assert.Contains("amy", taken.Error("userName"));
        var weak = await anonymous.PostAsync("/console/v1/users", """{"userName":"ann","password":"short"}""");
        Assert.Contains("at least 12 characters", weak.Error("password"));
        var notJson = await anonymous.PostAsync("/console/v1/users", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("application/problem+json", notJson.ContentType);
    }

    [Fact]
    public async Task Without_a_token_the_user_routes_are_401_and_with_one_they_know_the_user()
    {
        using var anonymous = new ConsoleClient(Address);
        var refused = await anonymous.GetAsync("/console/v1/user");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await new ConsoleClient(Address, "berth_forged").GetAsync("/console/v1/workspaces")).Status);

        await shared.Server.CreateUserAsync("bea", "bea@example.test");
        using var bea = await ConsoleClient.SignInAsync(Address, "bea@example.test", Tenants.Password, readOnly: true); // by email
        var me = await bea.GetAsync("/console/v1/user");
        Assert.Equal(("bea", true, null), (me.Json!["userName"]!.GetValue<string>(), me.Json["tokenReadOnly"]!.GetValue<bool>(), me.Json["tokenWorkspace"]?.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await bea.PostAsync("/console/v1/workspaces", """{"name":"beas"}""")).Status); // read-only
    }

    [Fact]
    public async Task Signing_in_locks_the_account_after_five_wrong_passwords_with_429_and_Retry_After()
    {
        await shared.Server.CreateUserAsync("cid");
        using var anonymous = new ConsoleClient(Address);
        for (var attempt = 1; attempt < UserRules.MaxFailedAttempts; attempt++)
        {
            var wrong = await anonymous.PostAsync("/console/v1/tokens", """{"login":"cid","password":"not the password"}""");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            Assert.Equal("the user name or password is wrong", wrong.Detail);
        }

        var locked = await anonymous.PostAsync("/console/v1/tokens", """{"login":"cid","password":"not the password"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single()), 14 * 60, 15 * 60);
        var right = await anonymous.PostAsync("/console/v1/tokens", """{"login":"cid","password":"correct horse battery"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, right.Status); // the right password waits too
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/console/v1/tokens", """{"login":"nobody","password":"correct horse battery"}""")).Status);
    }

    [Fact]
    public async Task A_password_change_needs_the_current_one_and_then_only_the_new_one_signs_in()
    {
        await shared.Server.CreateUserAsync("dan");
        using var dan = await ConsoleClient.SignInAsync(Address, "dan", Tenants.Password);

        var wrong = await dan.PostAsync("/console/v1/user/password", """{"currentPassword":"a wrong guess","newPassword":"a new long password"}""");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal("is not the current password", wrong.Error("currentPassword"));
        var weak = await dan.PostAsync("/console/v1/user/password", """{"currentPassword":"correct horse battery","newPassword":"short"}""");
        Assert.NotNull(weak.Error("newPassword"));
        Assert.Equal(HttpStatusCode.NoContent, (await dan.PostAsync("/console/v1/user/password", """{"currentPassword":"correct horse battery","newPassword":"a new long password"}""")).Status);

        using var anonymous = new ConsoleClient(Address);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/console/v1/tokens", """{"login":"dan","password":"correct horse battery"}""")).Status);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/tokens", """{"login":"dan","password":"a new long password"}""")).Status);
    }

    [Fact]
    public async Task With_two_factor_on_a_token_takes_the_authenticator_code_as_well()
    {
        await shared.Server.CreateUserAsync("eve");
        using var eve = await ConsoleClient.SignInAsync(Address, "eve", Tenants.Password);
        var setup = await eve.PostAsync("/console/v1/user/two-factor");
        var key = setup.Json!["sharedKey"]!.GetValue<string>();
        Assert.StartsWith("otpauth://totp/Berth%3Aeve?secret=" + key, setup.Json["authenticatorUri"]!.GetValue<string>());
        Assert.Equal("is not the authenticator's current code", (await eve.PostAsync("/console/v1/user/two-factor/enable", """{"code":"000000x"}""")).Error("code"));
        Assert.Equal(HttpStatusCode.NoContent, (await eve.PostAsync("/console/v1/user/two-factor/enable", Code(key))).Status);

        using var anonymous = new ConsoleClient(Address);
        var passwordOnly = await anonymous.PostAsync("/console/v1/tokens", """{"login":"eve","password":"correct horse battery"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, passwordOnly.Status);
        Assert.True(passwordOnly.Json!["twoFactorRequired"]!.GetValue<bool>());
        var withCode = new JsonObject { ["login"] = "eve", ["password"] = Password, ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) };
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/tokens", withCode.ToJsonString())).Status);

        var disable = new JsonObject { ["password"] = Password, ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) };
        Assert.Equal(HttpStatusCode.NoContent, (await eve.PostAsync("/console/v1/user/two-factor/disable", disable.ToJsonString())).Status);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/tokens", """{"login":"eve","password":"correct horse battery"}""")).Status);
    }

    [Fact]
    public async Task A_server_started_with_sign_up_off_refuses_new_accounts()
    {
        using var dir = new TempDirectory();
        await using var closed = await TestServers.StartAsync(dir.Path, allowSignUp: false);
        using var anonymous = new ConsoleClient(closed.Address);
        var refused = await anonymous.PostAsync("/console/v1/users", """{"userName":"fay","password":"correct horse battery"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("sign-up is turned off", refused.Detail);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_console_and_nothing_else()
    {
        using var anonymous = new ConsoleClient(Address);
        var document = await anonymous.GetAsync("/console/openapi/console-v1.json");
        Assert.Equal(HttpStatusCode.OK, document.Status);
        var paths = document.Json!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/console/v1/tokens", paths);
        Assert.Contains("/console/v1/workspaces/{workspace}/members/{user}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/k8s", StringComparison.Ordinal));
        Assert.NotNull(document.Json["components"]?["schemas"]?["TokenResponse"]);
    }

    private static string Code(string key) => new JsonObject { ["code"] = Totp.Code(key, DateTimeOffset.UtcNow) }.ToJsonString();
}
