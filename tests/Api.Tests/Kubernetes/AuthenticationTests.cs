using System.Net;
using Berth.Api.Authentication;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Kubernetes;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task A_request_without_a_token_or_with_a_wrong_one_is_401_with_a_Status()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);

        foreach (var token in new[] { "", "berth_not-a-real-token", "something-else" })
        {
            using var api = new KubeApi(server.Address, token);
            var response = await api.GetAsync("/api/v1/namespaces");
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal("Status", response.Json["kind"]?.GetValue<string>());
            Assert.Equal("Unauthorized", response.Reason);
            Assert.Equal(401, response.Json["code"]?.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_token_for_another_workspace_is_404_as_if_the_workspace_did_not_exist()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var bob = await server.CreateUserAsync("bob");
        await server.CreateWorkspaceAsync("other", bob);
        var other = await server.IssueTokenAsync(bob, "other");

        using var intoDefault = new KubeApi(server.Address, other, "default");
        var response = await intoDefault.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("NotFound", response.Reason);

        using var admin = new KubeApi(server.Address, KubeApi.AdminToken(server), "other");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api")).Status);

        using var own = new KubeApi(server.Address, other, "other");
        Assert.Equal(HttpStatusCode.OK, (await own.GetAsync("/api")).Status);
    }

    [Fact]
    public async Task Revoked_and_expired_tokens_no_longer_open_the_workspace()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var tokens = new ApiTokenStore(server.Datastore, TimeProvider.System);
        var expired = await tokens.IssueAsync("ci", "default", "expired", DateTimeOffset.UtcNow.AddMinutes(-1));
        var revoked = await tokens.IssueAsync("ci", "default", "revoked");
        await tokens.RevokeAsync("ci", "default", "revoked");

        foreach (var token in new[] { expired, revoked })
        {
            using var api = new KubeApi(server.Address, token.Secret);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api")).Status);
        }
    }
}
