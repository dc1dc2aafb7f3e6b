namespace Berth.Engine.Store.Protection;

/// <summary>
/// Turns the values of some keys into what the store keeps at rest, and back (Secrets are
/// encrypted: <c>Resources.Encryption.SecretEncryption</c>). <see cref="ProtectedStore"/> calls it on
/// every write and read of a key under <see cref="Prefix"/>; other keys never reach it.
/// </summary>
public interface IValueProtector
{
    /// <summary>The keys protected, as a key prefix (e.g. <c>secrets/</c>); it holds no workspace, as keys do not.</summary>
    string Prefix { get; }

    /// <summary>What the store keeps for <paramref name="value"/> (still JSON, as the store's columns are).</summary>
    byte[] Protect(string key, byte[] value);

    /// <summary>The value a stored one protects; a value stored before protection began comes back as it is.</summary>
    byte[] Unprotect(string key, byte[] stored);

    /// <summary>Whether a stored value is protected as a write now would protect it (else <see cref="ProtectedStore.ReprotectAsync"/> rewrites it).</summary>
    bool IsCurrent(byte[] stored);
}
