using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Berth.Api.Agents;
using Berth.Api.Tenancy;
using Berth.Api.Tests.Support;
using Berth.Engine.Nodes;
using Berth.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Agents;

/// <summary>
/// Join tokens through the console API and the join endpoint: admins and owners manage them, a
/// machine trades one for its own node credential, and a revoked token joins nobody new.
/// </summary>
public sealed class JoinTokenTests
{
    [Fact]
    public async Task On_sqlite_admins_manage_join_tokens_and_a_token_buys_one_node_credential_per_node()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, controllers: TestServers.NoControllers);
        await JoinTokensAsync(server, dir.Path);
    }

    [PostgresFact]
    public async Task On_postgres_admins_manage_join_tokens_and_a_token_buys_one_node_credential_per_node()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TestServers.StartAsync(dir.Path, database.Url, controllers: TestServers.NoControllers);
        await JoinTokensAsync(server, dir.Path);
    }

    [Fact]
    public async Task The_node_token_file_is_private_carries_the_CA_hash_survives_restarts_and_is_replaced_once_revoked()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "node-token");
        string first;
        await using (var server = await TestServers.StartAsync(dir.Path, controllers: TestServers.NoControllers))
        {
            Assert.Equal(path, server.NodeTokenPath);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            first = (await File.ReadAllTextAsync(path)).Trim();
            var token = JoinToken.TryParse(first)!;
            Assert.Equal(CaHash(dir.Path), token.CaHash);
            Assert.Equal(HttpStatusCode.Created, (await JoinAsync(server, token.Secret, "first")).StatusCode);
        }

        await using (var server = await TestServers.StartAsync(dir.Path, controllers: TestServers.NoControllers))
        {
            Assert.Equal(first, (await File.ReadAllTextAsync(path)).Trim());
            var tokens = server.Services.GetRequiredService<JoinTokenStore>();
            var kept = Assert.Single(await tokens.ListAsync("default"));
            Assert.True(await tokens.RevokeAsync("default", kept.Id));
        }

        await using (var server = await TestServers.StartAsync(dir.Path, controllers: TestServers.NoControllers))
        {
            var replaced = (await File.ReadAllTextAsync(path)).Trim();
            Assert.NotEqual(first, replaced);
            Assert.Equal(HttpStatusCode.Unauthorized, (await JoinAsync(server, JoinToken.TryParse(first)!.Secret, "second")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await JoinAsync(server, JoinToken.TryParse(replaced)!.Secret, "second")).StatusCode);
        }
    }

    private static async Task JoinTokensAsync(BerthServer server, string dataDirectory)
    {
        var alice = await server.CreateUserAsync("alice");
        var alpha = await server.CreateWorkspaceAsync("alpha", alice);
        foreach (var (name, role) in new[] { ("carol", WorkspaceRole.Viewer), ("dave", WorkspaceRole.Developer), ("erin", WorkspaceRole.Admin) })
        {
            await server.AddMemberAsync(alpha, await server.CreateUserAsync(name), role);
        }

        await server.CreateUserAsync("bob");
        using var owner = await ConsoleClient.SignInAsync(server.Address, "alice", Tenants.Password);
        const string route = "/console/v1/workspaces/alpha/join-tokens";

        Assert.Equal("is in the past", (await owner.PostAsync(route, """{"expiresAt":"2001-01-01T00:00:00Z"}""")).Error("expiresAt"));
        var created = await owner.PostAsync(route, """{"description":"rack 3","expiresAt":"2099-01-01T00:00:00Z"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Json!["id"]!.GetValue<string>();
        var token = JoinToken.TryParse(created.Json["token"]!.GetValue<string>())!;
        Assert.Equal(CaHash(dataDirectory), token.CaHash);

        foreach (var (name, refused) in new[] { ("carol", HttpStatusCode.Forbidden), ("dave", HttpStatusCode.Forbidden), ("bob", HttpStatusCode.NotFound) })
        {
            using var other = await ConsoleClient.SignInAsync(server.Address, name, Tenants.Password);
            Assert.Equal(refused, (await other.GetAsync(route)).Status);
            Assert.Equal(refused, (await other.PostAsync(route, "{}")).Status);
            Assert.Equal(refused, (await other.DeleteAsync($"{route}/{id}")).Status);
        }

        using var admin = await ConsoleClient.SignInAsync(server.Address, "erin", Tenants.Password);
        var listed = Assert.Single((await admin.GetAsync(route)).Json!.AsArray());
        Assert.Equal((id, "rack 3", "alice"), (listed!["id"]!.GetValue<string>(), listed["description"]!.GetValue<string>(), listed["createdBy"]!.GetValue<string>()));
        Assert.Null(listed["token"]); // the secret is shown once, at creation

        var joined = await JoinAsync(server, token.Secret, "web-1");
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var credential = (await joined.Content.ReadFromJsonAsync<JoinResponse>())!.Credential;
        var credentials = server.Services.GetRequiredService<NodeCredentialStore>();
        Assert.Equal(("alpha", "web-1"), (await credentials.VerifyAsync(credential)) is { } node ? (node.Workspace, node.NodeName) : default);
        Assert.Equal(HttpStatusCode.Conflict, (await JoinAsync(server, token.Secret, "web-1")).StatusCode); // nobody takes over a joined node
        Assert.Equal(HttpStatusCode.BadRequest, (await JoinAsync(server, token.Secret, "Not_A_Name")).StatusCode);

        // Machines joining under one name at once: one becomes the node, every other is refused.
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => JoinAsync(server, token.Secret, "web-9")));
        Assert.Equal(1, racing.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, racing.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{route}/join_unknown")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{route}/{id}")).Status);
        Assert.NotNull(Assert.Single((await owner.GetAsync(route)).Json!.AsArray())!["revokedAt"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await JoinAsync(server, token.Secret, "web-2")).StatusCode);
        Assert.NotNull(await credentials.VerifyAsync(credential)); // nodes that joined stay
    }

    private static Task<HttpResponseMessage> JoinAsync(BerthServer server, string secret, string node) => NodeHubs.JoinAsync(server.Address, secret, node);

    private static string CaHash(string dataDirectory) => JoinToken.CaHashOf(File.ReadAllText(Path.Combine(dataDirectory, "tls", "ca.crt")));
}
