using Berth.Api.Authentication;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Engine.Resources.Objects;
using Berth.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Berth.Api.Tests.Authentication;

public sealed class ApiTokenStoreTests
{
    /// <summary>A clock the test moves by hand, so an expiry passes without waiting for it.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_token_revoked_by_another_server_is_refused_on_the_next_verification()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var tokens = new ApiTokenStore(server.Datastore, TimeProvider.System);
        var token = await tokens.IssueAsync("ci", "default", "elsewhere");
        Assert.NotNull(await tokens.VerifyAsync(token.Secret));

        // Another replica revokes it, straight in the shared table: nothing on this server is told.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "berth.db")}"))
        {
            await connection.OpenAsync();
            await using var revoke = connection.CreateCommand();
            revoke.CommandText = "UPDATE api_tokens SET revoked_at = '2026-01-01T00:00:00Z' WHERE description = 'elsewhere'";
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }

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
    public async Task A_token_stops_working_the_moment_it_expires()
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

    [Fact]
    public async Task Listings_show_name_scope_role_and_last_use_but_never_a_secret_or_hash()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var tokens = new ApiTokenStore(server.Datastore, TimeProvider.System);
        var issued = await tokens.IssueAsync(new NewToken("ci", "default", "deploys", Role: WorkspaceRole.Viewer, ReadOnly: true));
        Assert.Equal(WorkspaceRole.Viewer, (await tokens.VerifyAsync(issued.Secret))!.Role);

        // The use is recorded off the request's path.
        var listed = await Eventually.WaitForAsync("the token's use is recorded",
            async () => Assert.Single(await tokens.ListOfUserAsync("ci"), t => t.Id == issued.Id), t => t.LastUsedAt is not null, TimeSpan.FromSeconds(10));

        Assert.Equal(("deploys", "default", WorkspaceRole.Viewer, true), (listed.Name, listed.Workspace, listed.Role, listed.ReadOnly));
        Assert.NotNull(listed.LastUsedAt);
        Assert.Null(listed.RevokedAt);
        Assert.DoesNotContain(issued.Secret, listed.ToString());
        Assert.DoesNotContain(ApiTokenStore.Hash(issued.Secret), listed.ToString());

        Assert.True(await tokens.RevokeOfUserAsync(issued.Id, "ci"));
        Assert.False(await tokens.RevokeOfUserAsync(issued.Id, "ci")); // already revoked
        Assert.NotNull(Assert.Single(await tokens.ListOfWorkspaceAsync("default"), t => t.Id == issued.Id).RevokedAt);
    }

    [Fact]
    public Task On_sqlite_the_token_check_of_a_create_reads_its_namespace_row_too() => ReadsTheNamespaceRow(null);

    [PostgresFact]
    public async Task On_postgres_the_token_check_of_a_create_reads_its_namespace_row_too()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ReadsTheNamespaceRow(database.Url);
    }

    /// <summary>
    /// The one query a create's token check makes also brings the namespace's row, exactly as the
    /// store would read it (a deleted namespace is none), and brings nothing for a dead token.
    /// </summary>
    private static async Task ReadsTheNamespaceRow(string? datastore)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, datastore, controllers: TestServers.NoControllers);
        var tokens = new ApiTokenStore(server.Datastore, TimeProvider.System);
        var token = await tokens.IssueAsync("admin", "default", "creates");

        var stored = await server.Store.GetAsync("default", NamespaceRead.KeyOf("default"));
        var (identity, read) = await tokens.VerifyAsync(token.Secret, ("default", "default"));
        Assert.Equal("admin", identity?.User);
        Assert.Equal(("default", "default"), (read!.Workspace, read.Namespace));
        Assert.Equal((stored!.Key, stored.Revision, stored.CreateRevision), (read.Value!.Key, read.Value.Revision, read.Value.CreateRevision));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(stored.Value), System.Text.Encoding.UTF8.GetString(read.Value.Value));

        Assert.Null((await tokens.VerifyAsync(token.Secret, ("default", "nowhere"))).Namespace!.Value);
        Assert.Null((await tokens.VerifyAsync(token.Secret, ("elsewhere", "default"))).Namespace!.Value);
        await server.Store.CreateAsync("default", NamespaceRead.KeyOf("gone"), """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"gone"}}"""u8.ToArray());
        await server.Store.DeleteAsync("default", NamespaceRead.KeyOf("gone"));
        Assert.Null((await tokens.VerifyAsync(token.Secret, ("default", "gone"))).Namespace!.Value);

        await tokens.RevokeAsync("admin", "default", "creates");
        Assert.Equal((null, null), await tokens.VerifyAsync(token.Secret, ("default", "default")));
    }
}
