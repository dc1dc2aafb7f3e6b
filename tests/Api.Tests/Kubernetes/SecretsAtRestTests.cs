using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Api.Tests.Support;
using Berth.Engine.Store;
using Berth.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tests.Kubernetes;

/// <summary>
/// Secrets are encrypted at rest: through the API (and the real kubectl) they read back exactly as
/// written, while the store's tables hold neither their values nor the values' base64; the key file
/// is private, rotation moves current values to a new key, and a server without the key says which
/// key it lacks. On both datastores.
/// </summary>
public sealed class SecretsAtRestTests
{
    private const string Secrets = "/api/v1/namespaces/default/secrets";
    private const string Password = "s3cret-at-rest-password";
    private const string Token = "plain-string-data-token";

    private static readonly string[] Forbidden =
        [Password, Base64(Password), Token, Base64(Token)];

    private static readonly string Manifest = $"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          labels:
            app: db
        type: Opaque
        data:
          password: {Base64(Password)}
        """;

    [KubectlFact]
    public Task Kubectl_reads_secrets_back_as_written_on_sqlite() => ReadsBackAsWritten(null);

    [KubectlFact(postgres: true)]
    public async Task Kubectl_reads_secrets_back_as_written_on_postgres()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ReadsBackAsWritten(database.Url);
    }

    [Fact]
    public Task Rotation_and_a_missing_key_on_sqlite() => RotationAndMissingKey(null);

    [PostgresFact]
    public async Task Rotation_and_a_missing_key_on_postgres()
    {
        await using var database = await TestDatabase.CreateAsync();
        await RotationAndMissingKey(database.Url);
    }

    private static async Task ReadsBackAsWritten(string? datastore)
    {
        using var dir = new TempDirectory();
        await using var server = await TestServers.StartAsync(dir.Path, datastore);
        using var api = KubeApi.Admin(server);
        var kubectl = new Kubectl(server.KubeconfigPath, Path.Combine(dir.Path, "kube-cache"));
        var file = Path.Combine(dir.Path, "secret.yaml");
        await File.WriteAllTextAsync(file, Manifest);
        using var watch = await api.WatchAsync(Secrets + "?watch=1");

        var created = await kubectl.RunAsync("apply", "-f", file);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("secret/db created", created.Stdout);

        var got = await api.GetAsync(Secrets + "/db");
        Assert.Equal(HttpStatusCode.OK, got.Status);
        Assert.Equal(Base64(Password), got.Json["data"]!["password"]!.GetValue<string>());
        Assert.Equal("db", got.Json["metadata"]!["labels"]!["app"]!.GetValue<string>());
        var list = await api.GetAsync(Secrets);
        Assert.Equal(got.Json.ToJsonString(), list.Json["items"]![0]!.ToJsonString());
        var added = (await watch.NextAsync())!;
        Assert.Equal("ADDED", added["type"]!.GetValue<string>());
        Assert.Equal(got.Json.ToJsonString(), added["object"]!.ToJsonString());
        var shown = await kubectl.RunAsync("get", "secret", "db", "-o", "jsonpath={.data.password}");
        Assert.Equal(Base64(Password), shown.Stdout.Trim());

        // Applying the same manifest again changes nothing: no new revision, though every write
        // encrypts with a fresh nonce (the no-op check compares the objects, not their ciphertexts).
        var again = await kubectl.RunAsync("apply", "-f", file);
        Assert.Contains("secret/db unchanged", again.Stdout);
        Assert.Equal(got.ResourceVersion, (await api.GetAsync(Secrets + "/db")).ResourceVersion);
        var serverSide = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        Assert.True(serverSide.ExitCode == 0, serverSide.ToString());
        var applied = (await api.GetAsync(Secrets + "/db")).ResourceVersion;
        var serverSideAgain = await kubectl.RunAsync("apply", "--server-side", "-f", file);
        Assert.True(serverSideAgain.ExitCode == 0, serverSideAgain.ToString());
        Assert.Equal(applied, (await api.GetAsync(Secrets + "/db")).ResourceVersion);
        var current = await api.GetAsync(Secrets + "/db");
        Assert.Equal(current.ResourceVersion, (await api.PutAsync(Secrets + "/db", current.Json.ToJsonString())).ResourceVersion);

        // stringData is folded into data before it is stored (kubectl apply of stringData says
        // "configured" every time, as on Kubernetes, so it is written through the API here).
        var folded = await api.PostAsync(Secrets, $$$"""{"metadata":{"name":"token"},"stringData":{"token":"{{{Token}}}"}}""");
        Assert.True(folded.Status == HttpStatusCode.Created, folded.ToString());
        Assert.Equal(Base64(Token), (await api.GetAsync(Secrets + "/token")).Json["data"]!["token"]!.GetValue<string>());

        // The tables: every row of the Secret, history and current, is encrypted JSON.
        var rows = await RawRowsAsync(server.Datastore);
        Assert.True(rows.Count >= 5, string.Join("\n", rows)); // db: created, server-side applied, current; token: created, current
        Assert.All(rows, row =>
        {
            Assert.Contains("\"berth.dev/encrypted\"", row);
            foreach (var text in Forbidden)
            {
                Assert.DoesNotContain(text, row);
            }
        });

        var keyFile = Path.Combine(dir.Path, "encryption-keys.json");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    private static async Task RotationAndMissingKey(string? datastore)
    {
        using var dir = new TempDirectory();
        var quickPolls = new RevisionStoreOptions { SafetyPollInterval = TimeSpan.FromMilliseconds(100) };
        string firstKey;
        await using (var server = await TestServers.StartAsync(dir.Path, datastore, store: quickPolls))
        {
            using var api = KubeApi.Admin(server);
            var created = await api.PostAsync(Secrets, $$$"""{"metadata":{"name":"db"},"data":{"password":"{{{Base64(Password)}}}"}}""");
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            firstKey = KeyIdOf((await RawRowsAsync(server.Datastore, "current_values")).Single());
            using var watch = await api.WatchAsync($"{Secrets}?watch=1&resourceVersion={created.ResourceVersion}");

            // Rotated beside the running server, as `berth server --rotate-encryption-key` does.
            var rotation = await BerthServer.RotateEncryptionKeyAsync(new ServerOptions { DataDirectory = dir.Path, Datastore = datastore, Logging = _ => { } });

            Assert.Empty(rotation.Unreadable);
            Assert.Equal(1, rotation.Reencrypted);
            Assert.NotEqual(firstKey, rotation.KeyId);
            Assert.Equal(rotation.KeyId, KeyIdOf((await RawRowsAsync(server.Datastore, "current_values")).Single()));
            Assert.Contains(firstKey, (await RawRowsAsync(server.Datastore, "revisions")).Select(KeyIdOf)); // history keeps the old key
            var keys = JsonNode.Parse(await File.ReadAllTextAsync(rotation.KeyFile))!;
            Assert.Equal(rotation.KeyId, keys["primary"]!.GetValue<string>());
            Assert.Equal([firstKey, rotation.KeyId], keys["keys"]!.AsArray().Select(k => k!["id"]!.GetValue<string>()));

            // The running server reads the new key from the file, and its watchers saw an ordinary update.
            var modified = (await watch.NextAsync())!;
            Assert.Equal("MODIFIED", modified["type"]!.GetValue<string>());
            Assert.Equal(Base64(Password), modified["object"]!["data"]!["password"]!.GetValue<string>());
            var got = await api.GetAsync(Secrets + "/db");
            Assert.Equal(Base64(Password), got.Json["data"]!["password"]!.GetValue<string>());
            Assert.Equal(modified["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), got.ResourceVersion);
            Assert.Equal(rotation.KeyId, KeyIdOf((await RawRowsAsync(server.Datastore, "current_values")).Single()));
        }

        // A server with a key file of its own (as a replica whose operator forgot to copy it) cannot
        // read the Secret: it says so at start and on every read, naming the key, never the value.
        using var logs = new CapturedLogs();
        var stranger = Path.Combine(dir.Path, "other-keys.json");
        await using (var server = await TestServers.StartAsync(dir.Path, datastore, logs.AddTo, encryptionKeyFile: stranger))
        {
            var rotatedKey = KeyIdOf((await RawRowsAsync(server.Datastore, "current_values")).Single());
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"\"{rotatedKey}\"", StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stranger));
            }

            using var api = KubeApi.Admin(server);
            var refused = await api.GetAsync(Secrets + "/db");
            Assert.Equal(HttpStatusCode.InternalServerError, refused.Status);
            Assert.Equal("InternalError", refused.Reason);
            Assert.Contains($"\"{rotatedKey}\"", refused.Json["message"]!.GetValue<string>());
            Assert.Contains(stranger, refused.Json["message"]!.GetValue<string>());
            foreach (var text in Forbidden)
            {
                Assert.DoesNotContain(text, refused.Text);
                Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(text, StringComparison.Ordinal));
            }
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string KeyIdOf(string row) => JsonNode.Parse(row)!["berth.dev/encrypted"]!["key"]!.GetValue<string>();

    /// <summary>The raw <c>value</c> of workspace default's Secret rows in <paramref name="table"/> (both tables when null), as the database holds it.</summary>
    private static async Task<List<string>> RawRowsAsync(DatastoreConfig datastore, string? table = null)
    {
        await using var connection = await Connections.OpenAsync(datastore, CancellationToken.None);
        var rows = new List<string>();
        foreach (var name in table is null ? ["revisions", "current_values"] : new[] { table })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT CAST(value AS TEXT) FROM {name} WHERE workspace = 'default' AND key LIKE 'secrets/%' AND NOT deleted";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        return rows;
    }
}
