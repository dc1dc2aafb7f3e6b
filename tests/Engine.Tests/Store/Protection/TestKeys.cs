using System.Security.Cryptography;
using Berth.Engine.Resources.Encryption;

namespace Berth.Engine.Tests.Store.Protection;

/// <summary>A key ring in memory: keys by id, the newest added the primary, any of them forgettable.</summary>
internal sealed class TestKeys : IEncryptionKeys
{
    private readonly List<EncryptionKey> keys = [];

    public TestKeys(params string[] ids)
    {
        foreach (var id in ids)
        {
            Add(id);
        }
    }

    public EncryptionKey Primary => keys[^1];

    public string Source => "the test's key ring";

    public EncryptionKey? Find(string id) => keys.FirstOrDefault(k => k.Id == id);

    /// <summary>Adds a new random key and makes it the primary.</summary>
    public EncryptionKey Add(string id)
    {
        var key = new EncryptionKey(id, RandomNumberGenerator.GetBytes(EncryptionKey.Size));
        keys.Add(key);
        return key;
    }

    /// <summary>The same ring without the key <paramref name="id"/>, as a server whose key file lacks it.</summary>
    public TestKeys Without(string id)
    {
        var ring = new TestKeys();
        ring.keys.AddRange(keys.Where(k => k.Id != id));
        return ring;
    }
}
