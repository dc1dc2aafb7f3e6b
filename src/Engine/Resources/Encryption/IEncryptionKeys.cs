namespace Berth.Engine.Resources.Encryption;

/// <summary>
/// The keys Secrets are encrypted with (the server's key file): one primary for new writes, and
/// every older key still needed to read what was written before a rotation.
/// </summary>
public interface IEncryptionKeys
{
    /// <summary>The key new values are encrypted with.</summary>
    EncryptionKey Primary { get; }

    /// <summary>The key with this id, or null when the ring does not have it.</summary>
    EncryptionKey? Find(string id);

    /// <summary>Where the keys come from, for errors (e.g. the key file's path).</summary>
    string Source { get; }
}
