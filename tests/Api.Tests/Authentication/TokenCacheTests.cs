using Berth.Api.Authentication;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Berth.Api.Tests.Authentication;

public sealed class TokenCacheTests
{
    /// <summary>A clock the test moves by hand, so a cache lifetime passes without waiting for it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_token_revoked_elsewhere_stops_working_once_its_cached_verification_lapses()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var clock = new ManualClock();
        var tokens = new ApiTokenStore(server.Datastore, clock);
        var token = await tokens.IssueAsync("ci", "default", "cached");
        Assert.NotNull(await tokens.VerifyAsync(token.Secret));

        // Another replica revokes it: this one's cache still vouches for it, for a few seconds at most.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "berth.db")}"))
        {
            await connection.OpenAsync();
            await using var revoke = connection.CreateCommand();
            revoke.CommandText = "UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z' WHERE description = 'cached'";
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }

        Assert.NotNull(await tokens.VerifyAsync(token.Secret));
        clock.Now += VerifiedTokenCache.Lifetime + TimeSpan.FromSeconds(1);
        Assert.Null(await tokens.VerifyAsync(token.Secret));
    }

    [Fact]
    public async Task A_token_revoked_through_this_store_stops_working_at_once()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var tokens = new ApiTokenStore(server.Datastore, TimeProvider.System);
        var token = await tokens.IssueAsync("ci", "default", "revoked");
        Assert.NotNull(await tokens.VerifyAsync(token.Secret));

        await tokens.RevokeAsync("ci", "default", "revoked");
        Assert.Null(await tokens.VerifyAsync(token.Secret));
    }

    [Fact]
    public async Task A_cached_verification_never_outlives_the_token()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var clock = new ManualClock();
        var tokens = new ApiTokenStore(server.Datastore, clock);
        var token = await tokens.IssueAsync("ci", "default", "short", clock.Now.AddSeconds(2));
        Assert.NotNull(await tokens.VerifyAsync(token.Secret));

        clock.Now += TimeSpan.FromSeconds(3);
        Assert.Null(await tokens.VerifyAsync(token.Secret));
    }
}
