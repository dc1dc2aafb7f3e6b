using System.Net;
using Berth.Cli.Tests.Support;
using Berth.Tests.Support;

namespace Berth.Cli.Tests;

public sealed class ServerCommandTests
{
    private static readonly TimeSpan LogDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task On_embedded_sqlite_it_says_where_it_listens_answers_the_probes_and_stops_cleanly_on_SIGTERM()
    {
        using var dir = new TempDirectory();
        await using var server = await BerthCli.StartServerAsync("--data-dir", dir.Path, "--listen", "127.0.0.1:0");

        Assert.Contains($"(datastore sqlite:{Path.Combine(dir.Path, "berth.db")})", server.ListeningLine);
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/livez")));
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/readyz")));
        await Eventually.WaitForAsync("the request log shows the probe",
            () => Task.FromResult(server.Stdout), log => log.Contains("GET /readyz 200"), LogDeadline);

        Assert.Equal(0, await server.StopAsync());
    }

    [PostgresFact]
    public async Task On_postgres_it_migrates_answers_the_probes_and_stops_cleanly_on_SIGTERM()
    {
        using var dir = new TempDirectory();
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await BerthCli.StartServerAsync("--datastore", database.Url, "--listen", "127.0.0.1:0", "--log-format", "json");

        Assert.Contains($"(datastore {database.Url})", server.ListeningLine);
        Assert.Equal(HttpStatusCode.OK, await Http.StatusAsync(server.Url("/readyz")));
        await Eventually.WaitForAsync("a JSON request log line",
            () => Task.FromResult(server.Stdout), log => log.Contains("\"Path\":\"/readyz\""), LogDeadline);

        Assert.Equal(0, await server.StopAsync());
        var migrate = await BerthCli.RunAsync("migrate", "--datastore", database.Url);
        Assert.Contains("is up to date", migrate.Stdout);
    }

    [Fact]
    public async Task A_TLS_certificate_without_its_key_or_missing_is_one_line()
    {
        using var dir = new TempDirectory();
        var missing = Path.Combine(dir.Path, "missing.crt");

        var alone = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--tls-cert-file", missing);
        var absent = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--tls-cert-file", missing, "--tls-key-file", missing);

        Assert.NotEqual(0, alone.ExitCode);
        Assert.Equal("berth: --tls-cert-file and --tls-key-file go together: give both, or neither for the server's own CA", Assert.Single(alone.StderrLines));
        Assert.NotEqual(0, absent.ExitCode);
        Assert.Contains(missing, Assert.Single(absent.StderrLines));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task An_advertise_url_that_is_not_a_url_is_one_line()
    {
        using var dir = new TempDirectory();

        var bad = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--listen", "127.0.0.1:0", "--advertise-url", "10.0.0.5:8080");

        Assert.NotEqual(0, bad.ExitCode);
        Assert.Equal("berth: --advertise-url: expected a URL such as https://10.0.0.5:8080, not 10.0.0.5:8080", Assert.Single(bad.StderrLines));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Rotate_encryption_key_adds_a_primary_to_the_key_file_and_exits()
    {
        using var dir = new TempDirectory();
        var keyFile = Path.Combine(dir.Path, "keys.json");

        var first = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--encryption-key-file", keyFile, "--rotate-encryption-key");
        var second = await BerthCli.RunAsync("server", "--data-dir", dir.Path, "--encryption-key-file", keyFile, "--rotate-encryption-key");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Matches($"^New primary encryption key k-[0-9a-f]{{8}} in {System.Text.RegularExpressions.Regex.Escape(keyFile)}; re-encrypted 0 Secrets with it$", second.Stdout.Trim());
        var keys = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(keyFile))!;
        // The key the first rotation found missing and made, the one it added, and the second's.
        Assert.Equal(3, keys["keys"]!.AsArray().Count);
        Assert.Equal(second.Stdout.Split(' ')[4], keys["primary"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(dir.Path, "encryption-keys.json")));
    }
}
