using System.Text;
using Berth.Engine.Resources.Encryption;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store;
using Berth.Engine.Store.Protection;
using Berth.Engine.Tests.Store.Support;

namespace Berth.Engine.Tests.Store.Protection;

/// <summary>
/// Secrets encrypted at rest by <see cref="ProtectedStore"/> with <see cref="SecretEncryption"/>:
/// every read gives back the bytes written, while the store's own rows (read through the inner
/// store, which is what the tables hold) carry neither the value nor its base64.
/// </summary>
public abstract class ProtectedSecrets(StoreFixture fixture) : StoreContract(fixture)
{
    private const string Password = "hunter2-correct-horse";
    private static readonly string Base64Password = Convert.ToBase64String(Encoding.UTF8.GetBytes(Password));

    private static byte[] Secret(string name, string password = Password)
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(password));
        var applied = "{\\\"stringData\\\":{\\\"password\\\":\\\"" + password + "\\\"}}";
        return Encoding.UTF8.GetBytes(
            $$$"""{"apiVersion":"v1","data":{"password":"{{{encoded}}}"},"kind":"Secret","metadata":{"name":"{{{name}}}","namespace":"default","labels":{"app":"db"},"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{{{applied}}}"}},"type":"Opaque"}""");
    }

    [Fact]
    public async Task A_secret_reads_back_as_written_everywhere_while_its_rows_hold_no_plaintext()
    {
        var ws = NewWorkspace();
        var keys = new TestKeys("k1");
        var store = new ProtectedStore(Store, new SecretEncryption(keys));
        await using var watch = await store.WatchAsync(ws, "secrets/", 0);

        var created = await store.CreateAsync(ws, "secrets/default/db", Secret("db"));
        var updated = await store.UpdateAsync(ws, "secrets/default/db", Secret("db", "second-" + Password), created.Revision);
        var pod = await store.CreateAsync(ws, "pods/default/web", V("web"));

        Assert.Equal(Secret("db"), created.Value);
        Assert.Equal(Secret("db", "second-" + Password), updated.Value);
        Assert.Equal(Secret("db", "second-" + Password), (await store.GetAsync(ws, "secrets/default/db"))!.Value);
        Assert.Equal(Secret("db"), (await store.GetAsync(ws, "secrets/default/db", created.Revision))!.Value);
        Assert.Equal([Secret("db", "second-" + Password)], (await store.ListAsync(ws, "secrets/default/")).Items.Select(i => i.Value));
        Assert.Equal([Secret("db"), Secret("db", "second-" + Password)], (await store.HistoryAsync(ws, "secrets/default/db")).Select(e => e.Object.Value));
        Assert.Equal([Secret("db"), Secret("db", "second-" + Password)], (await watch.TakeAsync(2)).Select(e => e.Object.Value));
        var everything = await store.ListAsync(ws, "");
        Assert.Equal([V("web"), Secret("db", "second-" + Password)], everything.Items.Select(i => i.Value));

        // What the tables hold: current_values (Get) and revisions (History) of the inner store.
        var rows = (await Store.HistoryAsync(ws, "secrets/default/db")).Select(e => e.Object.Value)
            .Append((await Store.GetAsync(ws, "secrets/default/db"))!.Value).Select(Json.Text).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.DoesNotContain(Password, row);
            Assert.DoesNotContain(Base64Password, row);
            Assert.DoesNotContain("last-applied", row);
            Assert.Contains("\"key\":\"k1\"", row);
            Assert.Contains("\"labels\":{\"app\":\"db\"}", row); // metadata stays readable without the key
            Assert.NotNull(System.Text.Json.Nodes.JsonNode.Parse(row)); // still JSON, as the column needs
        });

        // Other keys are stored as they are.
        Assert.Equal(pod.Value, (await Store.GetAsync(ws, "pods/default/web"))!.Value);
    }

    [Fact]
    public async Task Reprotecting_moves_current_secrets_to_the_new_primary_and_keeps_history_readable()
    {
        var ws = NewWorkspace();
        var keys = new TestKeys("k1");
        var store = new ProtectedStore(Store, new SecretEncryption(keys));
        var first = await store.CreateAsync(ws, "secrets/default/db", Secret("db"));
        var legacy = await Store.CreateAsync(ws, "secrets/default/old", Secret("old")); // stored before encryption was on
        await Store.CreateAsync(ws, "pods/default/web", V("web"));
        await using var watch = await store.WatchAsync(ws, "secrets/", await Store.CurrentRevisionAsync(ws));

        keys.Add("k2");
        var result = await store.ReprotectAsync();

        // The store is shared with other tests, whose workspaces may hold Secrets under their own keys.
        Assert.DoesNotContain(result.Unreadable, u => u.StartsWith(ws, StringComparison.Ordinal));
        Assert.True(result.Rewritten >= 2, $"rewrote {result.Rewritten}");
        Assert.Equal("k2", SecretEncryption.KeyIdOf((await Store.GetAsync(ws, "secrets/default/db"))!.Value));
        Assert.Equal("k2", SecretEncryption.KeyIdOf((await Store.GetAsync(ws, "secrets/default/old"))!.Value));
        Assert.Equal(Secret("db"), (await store.GetAsync(ws, "secrets/default/db"))!.Value);
        Assert.Equal(Secret("old"), (await store.GetAsync(ws, "secrets/default/old"))!.Value);
        Assert.Equal(Secret("db"), (await store.GetAsync(ws, "secrets/default/db", first.Revision))!.Value);
        Assert.Equal("k1", SecretEncryption.KeyIdOf((await Store.GetAsync(ws, "secrets/default/db", first.Revision))!.Value));
        Assert.Equal(Secret("old"), (await store.GetAsync(ws, "secrets/default/old", legacy.Revision))!.Value);
        // Written as ordinary updates: watchers hear of them, with the value as it was.
        var events = await watch.TakeAsync(2);
        Assert.All(events, e => Assert.Equal(WatchEventType.Updated, e.Type));
        Assert.Equal([Secret("db"), Secret("old")], events.OrderBy(e => e.Object.Key).Select(e => e.Object.Value));

        await store.ReprotectAsync();
        Assert.Equal(2, (await Store.HistoryAsync(ws, "secrets/default/db")).Count); // nothing left to move
    }

    [Fact]
    public async Task A_value_under_a_key_the_ring_lacks_fails_naming_the_key_and_never_the_value()
    {
        var ws = NewWorkspace();
        var keys = new TestKeys("k-gone");
        var writer = new ProtectedStore(Store, new SecretEncryption(keys));
        await writer.CreateAsync(ws, "secrets/default/lost", Secret("lost"));
        keys.Add("k-kept");
        await writer.CreateAsync(ws, "secrets/default/db", Secret("db"));
        var reader = new ProtectedStore(Store, new SecretEncryption(keys.Without("k-gone")));
        await using var watch = await reader.WatchAsync(ws, "secrets/", 0);

        var error = await Assert.ThrowsAsync<ResourceException>(() => reader.GetAsync(ws, "secrets/default/lost"));
        Assert.Equal(500, error.Code);
        Assert.Contains("\"k-gone\"", error.Message);
        Assert.Contains("default/lost", error.Message);
        Assert.DoesNotContain(Password, error.Message);
        Assert.DoesNotContain(Base64Password, error.Message);
        await Assert.ThrowsAsync<ResourceException>(() => reader.ListAsync(ws, "secrets/"));

        // The other Secret, under a key the reader has, still reads; the watch fails at the lost one.
        Assert.Equal(Secret("db"), (await reader.GetAsync(ws, "secrets/default/db"))!.Value);
        var watchError = await Assert.ThrowsAsync<ResourceException>(async () => await watch.Events.ReadAsync());
        Assert.Contains("\"k-gone\"", watchError.Message);

        // Reprotecting leaves it alone and says so.
        var result = await reader.ReprotectAsync();
        Assert.Contains(result.Unreadable, u => u.StartsWith(ws + ": ", StringComparison.Ordinal) && u.Contains("\"k-gone\"", StringComparison.Ordinal));
        Assert.Equal("k-gone", SecretEncryption.KeyIdOf((await Store.GetAsync(ws, "secrets/default/lost"))!.Value));
    }

    [Fact]
    public async Task A_ciphertext_copied_onto_another_secret_does_not_decrypt()
    {
        var ws = NewWorkspace();
        var store = new ProtectedStore(Store, new SecretEncryption(new TestKeys("k1")));
        await store.CreateAsync(ws, "secrets/default/a", Secret("a"));
        var stolen = (await Store.GetAsync(ws, "secrets/default/a"))!.Value;
        await Store.CreateAsync(ws, "secrets/other/a", stolen);

        var error = await Assert.ThrowsAsync<ResourceException>(() => store.GetAsync(ws, "secrets/other/a"));
        Assert.Contains("does not decrypt with key \"k1\"", error.Message);
        Assert.Contains("other/a", error.Message);
    }

    public sealed class Postgres(PostgresStoreFixture fixture) : ProtectedSecrets(fixture), IClassFixture<PostgresStoreFixture>;

    public sealed class Sqlite(SqliteStoreFixture fixture) : ProtectedSecrets(fixture), IClassFixture<SqliteStoreFixture>;
}
