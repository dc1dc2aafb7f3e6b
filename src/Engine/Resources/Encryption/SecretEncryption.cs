using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Engine.Resources.Objects;
using Berth.Engine.Store.Protection;

namespace Berth.Engine.Resources.Encryption;

/// <summary>
/// Secrets at rest: the stored value of a core/v1 Secret keeps <c>apiVersion</c>, <c>kind</c>,
/// <c>type</c> and its metadata other than annotations and managedFields in plaintext (they may
/// carry the data: kubectl's last-applied annotation does), and the whole object as written goes
/// into one envelope field, AES-256-GCM encrypted:
/// <c>"berth.dev/encrypted":{"key":"…","nonce":"…","ciphertext":"…"}</c>. The key id lets keys
/// rotate; the associated data is the store key (<c>secrets/{namespace}/{name}</c>, no workspace, as
/// workspaces may be renamed), so a ciphertext copied onto another Secret does not decrypt. The
/// value stays JSON, as the store's <c>json</c> column needs, and decrypts to the exact bytes written.
/// </summary>
public sealed class SecretEncryption(IEncryptionKeys keys) : IValueProtector
{
    /// <summary>The field of a stored Secret that holds the encrypted object.</summary>
    public const string EnvelopeField = "berth.dev/encrypted";

    private const int NonceSize = 12; // AesGcm.NonceByteSizes: 96 bits
    private const int TagSize = 16;

    private static readonly string[] PlainFields = ["apiVersion", "kind", "metadata", "type"];
    private static readonly string[] SecretMetadata = ["annotations", "managedFields"];

    /// <summary>The keys of core/v1 Secrets (<see cref="ResourceKeys"/>).</summary>
    public string Prefix => "secrets/";

    public byte[] Protect(string key, byte[] value)
    {
        var primary = keys.Primary;
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = new byte[value.Length + TagSize];
        using (var aes = new AesGcm(primary.Secret, TagSize))
        {
            aes.Encrypt(nonce, value, sealedBytes.AsSpan(0, value.Length), sealedBytes.AsSpan(value.Length), AssociatedData(key));
        }

        var obj = JsonNode.Parse(value) as JsonObject; // the store takes any JSON; only an object has fields to show
        var stored = new JsonObject();
        foreach (var field in PlainFields)
        {
            if (obj?[field] is { } node)
            {
                stored[field] = node.DeepClone();
            }
        }

        if (stored["metadata"] is JsonObject metadata)
        {
            foreach (var field in SecretMetadata)
            {
                metadata.Remove(field);
            }
        }

        stored[EnvelopeField] = new JsonObject
        {
            ["key"] = primary.Id,
            ["nonce"] = Convert.ToBase64String(nonce),
            ["ciphertext"] = Convert.ToBase64String(sealedBytes),
        };
        return JsonSerializer.SerializeToUtf8Bytes(stored);
    }

    public byte[] Unprotect(string key, byte[] stored)
    {
        if (Envelope(stored) is not { } envelope)
        {
            return stored; // written before encryption was on; rewritten encrypted at the next start or rotation
        }

        var keyId = ObjectJson.String(envelope, "key") ?? throw Unreadable(key, "its envelope names no key");
        var secret = keys.Find(keyId) ?? throw Unreadable(
            key, $"it is encrypted with key \"{keyId}\", which is not in {keys.Source}: every server sharing a datastore needs the same encryption key file");
        byte[] nonce, sealedBytes;
        try
        {
            nonce = Convert.FromBase64String(ObjectJson.String(envelope, "nonce") ?? "");
            sealedBytes = Convert.FromBase64String(ObjectJson.String(envelope, "ciphertext") ?? "");
        }
        catch (FormatException)
        {
            throw Unreadable(key, $"its envelope (key \"{keyId}\") is not base64");
        }

        if (nonce.Length != NonceSize || sealedBytes.Length < TagSize)
        {
            throw Unreadable(key, $"its envelope (key \"{keyId}\") is malformed");
        }

        var value = new byte[sealedBytes.Length - TagSize];
        try
        {
            using var aes = new AesGcm(secret.Secret, TagSize);
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, value.Length), sealedBytes.AsSpan(value.Length), value, AssociatedData(key));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Unreadable(key, $"it does not decrypt with key \"{keyId}\" (altered, copied from another Secret, or a different key under the same id)");
        }

        return value;
    }

    public bool IsCurrent(byte[] stored) =>
        Envelope(stored) is { } envelope && ObjectJson.String(envelope, "key") == keys.Primary.Id;

    /// <summary>The key id a stored value is encrypted with; null for a value stored in plaintext.</summary>
    public static string? KeyIdOf(byte[] stored) => Envelope(stored) is { } envelope ? ObjectJson.String(envelope, "key") : null;

    private static JsonObject? Envelope(byte[] stored)
    {
        // Only the top level is read: the envelope is a field of the stored object.
        var reader = new Utf8JsonReader(stored);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isEnvelope = reader.ValueTextEquals(EnvelopeField);
            reader.Read();
            if (isEnvelope)
            {
                return JsonNode.Parse(ref reader) as JsonObject;
            }

            reader.Skip();
        }

        return null;
    }

    private static byte[] AssociatedData(string key) => Encoding.UTF8.GetBytes(key);

    private static ResourceException Unreadable(string key, string why)
    {
        var name = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
        return new ResourceException(500, "InternalError", $"Internal error occurred: secret \"{name}\" cannot be read: {why}");
    }
}
