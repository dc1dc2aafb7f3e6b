using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Encryption;

namespace Berth.Api.Bootstrap;

/// <summary>
/// The key file Secrets are encrypted with at rest: <c>--encryption-key-file</c>, else
/// <c>DATA_DIR/encryption-keys.json</c>, generated (mode 0600) on the first start that finds none.
/// It holds every key by id and names the primary:
/// <c>{"primary":"k-…","keys":[{"id":"k-…","secret":"base64 of 32 bytes","created":"…"}]}</c>.
/// Ids are random, so two servers that each generated a file never take each other's key for
/// their own. The file is read again whenever it changes on disk (a rotation by
/// <c>berth server --rotate-encryption-key</c>, or an operator copying it in), so a running
/// server writes with the new primary and reads values under the new key without a restart.
/// </summary>
internal sealed class EncryptionKeyFile : IEncryptionKeys
{
    public const string DefaultName = "encryption-keys.json";

    private readonly string path;
    private Ring ring;

    private EncryptionKeyFile(string path, Ring ring)
    {
        this.path = path;
        this.ring = ring;
    }

    public string Path => path;

    public EncryptionKey Primary => Current().Primary;

    public string Source => $"the encryption key file {path}";

    public EncryptionKey? Find(string id) => Current().Keys.GetValueOrDefault(id);

    /// <summary>The file at <paramref name="path"/>, made with one new key when it does not exist.</summary>
    public static async Task<EncryptionKeyFile> LoadOrCreateAsync(string path, TimeProvider time, CancellationToken ct)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            var key = NewKey();
            // Create-only: replicas starting together on one shared path agree on the winner's key.
            await PrivateFile.CreateAsync(path, Render(key.Id, [(key, time.GetUtcNow())]), ct);
        }

        return new EncryptionKeyFile(path, Read(path));
    }

    /// <summary>Adds a new key and makes it the primary; the older keys stay, as older revisions were written with them.</summary>
    public async Task<EncryptionKey> RotateAsync(TimeProvider time, CancellationToken ct)
    {
        var existing = Read(path);
        var key = NewKey();
        var keys = existing.Keys.Values.Select(k => (k, existing.Created[k.Id])).Append((key, time.GetUtcNow())).ToList();
        await PrivateFile.WriteAsync(path, Render(key.Id, keys), ct);
        ring = Read(path);
        return key;
    }

    /// <summary>The keys as the file holds them now: read again when it changed since the last look.</summary>
    private Ring Current()
    {
        var seen = ring;
        var stamp = Stamp(path);
        if (stamp == seen.Stamp || stamp is null)
        {
            return seen;
        }

        try
        {
            return ring = Read(path);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            return seen; // half-copied or gone: keep the keys known, and look again next time
        }
    }

    private static EncryptionKey NewKey() =>
        new("k-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), RandomNumberGenerator.GetBytes(EncryptionKey.Size));

    private static string Render(string primary, IEnumerable<(EncryptionKey Key, DateTimeOffset Created)> keys)
    {
        var file = new JsonObject
        {
            ["primary"] = primary,
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k.Key.Id,
                ["secret"] = Convert.ToBase64String(k.Key.Secret),
                ["created"] = k.Created.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }).ToArray()),
        };
        return file.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static Ring Read(string path)
    {
        var stamp = Stamp(path);
        var text = File.ReadAllText(path);
        try
        {
            return Parse(path, JsonNode.Parse(text) as JsonObject ?? throw Invalid(path, "not a JSON object"), stamp);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Invalid(path, e.Message);
        }
    }

    private static Ring Parse(string path, JsonObject file, (DateTime, long)? stamp)
    {
        var keys = new Dictionary<string, EncryptionKey>(StringComparer.Ordinal);
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var entry in file["keys"] as JsonArray ?? throw Invalid(path, "no \"keys\" list"))
        {
            var id = (string?)entry?["id"];
            if (string.IsNullOrEmpty(id) || keys.ContainsKey(id))
            {
                throw Invalid(path, "every key needs an id of its own");
            }

            byte[] secret;
            try
            {
                secret = Convert.FromBase64String((string?)entry!["secret"] ?? "");
            }
            catch (FormatException)
            {
                throw Invalid(path, $"the secret of key \"{id}\" is not base64");
            }

            if (secret.Length != EncryptionKey.Size)
            {
                throw Invalid(path, $"the secret of key \"{id}\" must be {EncryptionKey.Size} bytes (AES-256)");
            }

            keys[id] = new EncryptionKey(id, secret);
            created[id] = DateTimeOffset.TryParse((string?)entry["created"], System.Globalization.CultureInfo.InvariantCulture, out var at) ? at : DateTimeOffset.MinValue;
        }

        var primary = (string?)file["primary"];
        if (primary is null || !keys.TryGetValue(primary, out var primaryKey))
        {
            throw Invalid(path, "\"primary\" must name one of its keys");
        }

        return new Ring(primaryKey, keys, created, stamp);
    }

    private static FormatException Invalid(string path, string why) => new($"encryption key file {path} is invalid: {why}");

    /// <summary>When and how big the file was last written; null when it cannot be seen.</summary>
    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    private sealed record Ring(EncryptionKey Primary, IReadOnlyDictionary<string, EncryptionKey> Keys, IReadOnlyDictionary<string, DateTimeOffset> Created, (DateTime, long)? Stamp);
}
