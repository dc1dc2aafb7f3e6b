using System.Net;
using Berth.Api.Authentication;
using Berth.Api.Tests.Support;
using Berth.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Berth.Api.Tests.Kubernetes;

public sealed class BootstrapTests
{
    [Fact]
    public async Task The_first_start_writes_a_private_kubeconfig_for_the_default_workspace_over_TLS()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);

        Assert.Equal(Path.Combine(dir.Path, "kubeconfig.yaml"), server.KubeconfigPath);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.KubeconfigPath));
        }

        var kubeconfig = await File.ReadAllTextAsync(server.KubeconfigPath);
        // kubectl sends a token only over TLS, so the kubeconfig names the same port over https and trusts Berth's CA.
        Assert.Contains($"server: https://127.0.0.1:{server.Address.Port}/k8s/default", kubeconfig);
        Assert.Contains("certificate-authority-data: ", kubeconfig);
        Assert.Contains("current-context: berth-default", kubeconfig);
        Assert.StartsWith("berth_", KubeApi.AdminToken(server));
    }

    [Fact]
    public async Task The_default_workspace_starts_with_the_four_standard_namespaces()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        using var api = KubeApi.Admin(server);

        var list = await api.GetAsync("/api/v1/namespaces");
        var names = list.Json["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(["default", "kube-node-lease", "kube-public", "kube-system"], names);
        Assert.Equal("Active", list.Json["items"]![0]!["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_hash_of_the_token_is_stored()
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path);
        var token = KubeApi.AdminToken(server);

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir.Path, "berth.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash, user_name, workspace FROM api_tokens";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(ApiTokenStore.Hash(token), reader.GetString(0));
        Assert.Equal(("admin", "default"), (reader.GetString(1), reader.GetString(2)));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task A_restart_keeps_the_kubeconfig_token_and_mints_no_second_admin()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var server = await TestServers.StartAsync(dir.Path))
        {
            first = KubeApi.AdminToken(server);
        }

        await using (var again = await TestServers.StartAsync(dir.Path))
        {
            Assert.Equal(first, KubeApi.AdminToken(again));
            using var api = KubeApi.Admin(again);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/namespaces/default")).Status);
        }
    }

    [Fact]
    public async Task A_lost_kubeconfig_gets_a_new_token_and_the_old_one_is_revoked()
    {
        using var dir = new TempDirectory();
        string first;
        await using (var server = await TestServers.StartAsync(dir.Path))
        {
            first = KubeApi.AdminToken(server);
            File.Delete(server.KubeconfigPath);
        }

        await using var again = await TestServers.StartAsync(dir.Path);
        Assert.NotEqual(first, KubeApi.AdminToken(again));
        using var old = new KubeApi(again.Address, first);
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api")).Status);
    }

    [PostgresFact]
    public async Task On_postgres_the_bootstrap_is_the_same()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        string first;
        await using (var server = await TestServers.StartAsync(dir.Path, database.Url))
        {
            first = KubeApi.AdminToken(server);
            using var api = KubeApi.Admin(server);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/namespaces/kube-system")).Status);
        }

        await using var again = await TestServers.StartAsync(dir.Path, database.Url);
        Assert.Equal(first, KubeApi.AdminToken(again));
    }
}
