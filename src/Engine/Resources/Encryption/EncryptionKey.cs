namespace Berth.Engine.Resources.Encryption;

/// <summary>One AES-256 key of a key ring, named by the id every value encrypted with it records.</summary>
public sealed record EncryptionKey(string Id, byte[] Secret)
{
    /// <summary>AES-256.</summary>
    public const int Size = 32;
}
