using System.Net;
using Berth.Api.Limits;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Limits;

/// <summary>Past its rate a client gets 429 with Retry-After, in the error shape of the API it called; others are not slowed.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_token_past_its_burst_gets_429_with_retry_after_as_a_Kubernetes_status_and_another_token_does_not()
    {
        using var dir = new TempDirectory();
        // One request a second, three at once: the fourth in a row is over.
        await using var server = await TestServers.StartAsync(dir.Path, rateLimits: new RateLimitOptions { RequestsPerSecond = 1, Burst = 3 });
        var other = await server.CreateUserAsync("vic");
        using var admin = KubeApi.Admin(server);

        KubeApi.Response last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await admin.GetAsync("/api/v1/namespaces");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last.Status);
        Assert.Equal("TooManyRequests", last.Json!["reason"]!.GetValue<string>());
        Assert.Equal(429, last.Json["code"]!.GetValue<int>());
        Assert.True(last.RetryAfter >= TimeSpan.FromSeconds(1), last.ToString());

        using var vic = new KubeApi(server.Address, await server.IssueTokenAsync(other, null), "default");
        Assert.Equal(HttpStatusCode.NotFound, (await vic.GetAsync("/api/v1/namespaces")).Status); // counted apart: not a member, but not limited

        // Probes are never limited: an orchestrator's health checks must not be turned away by a busy client.
        using var plain = new HttpClient { BaseAddress = server.Address };
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/readyz")).StatusCode);
        }
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_per_minute_whatever_the_account()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, rateLimits: new RateLimitOptions { SignInAttemptsPerMinute = 3 });
        using var anonymous = new ConsoleClient(server.Address);

        // Password spraying: one guess on each of many accounts never trips any account's lockout; this limit stops it.
        for (var i = 0; i < 3; i++)
        {
            var guess = await anonymous.PostAsync("/console/v1/tokens", $$"""{"login":"user{{i}}","password":"Winter2026!Winter"}""");
            Assert.Equal(HttpStatusCode.Unauthorized, guess.Status);
        }

        var refused = await anonymous.PostAsync("/console/v1/session", """{"login":"admin","password":"anything at all"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));

        // Only sign-in attempts count: reading with a token from the same address goes on.
        using var admin = KubeApi.Admin(server);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/namespaces")).Status);
    }

    [Fact]
    public async Task A_console_body_over_64_KiB_is_413_and_a_small_one_is_read()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var anonymous = new ConsoleClient(server.Address);
        var huge = await anonymous.PostAsync("/console/v1/users", $$"""{"userName":"big","password":"{{new string('p', (int)BodyLimits.ConsoleMaxBytes)}}"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/console/v1/users", """{"userName":"small","password":"correct horse battery"}""")).Status);
    }
}
