namespace Berth.Api.Bootstrap;

/// <summary>What <c>berth server --rotate-encryption-key</c> did.</summary>
/// <param name="KeyId">The new primary key.</param>
/// <param name="KeyFile">The key file it was added to.</param>
/// <param name="Reencrypted">How many Secrets' current values were rewritten under it.</param>
/// <param name="Unreadable">Secrets it could not decrypt (under a key the file lacks), each as <c>workspace: message</c>; they keep their old encryption.</param>
public sealed record EncryptionKeyRotation(string KeyId, string KeyFile, int Reencrypted, IReadOnlyList<string> Unreadable);
