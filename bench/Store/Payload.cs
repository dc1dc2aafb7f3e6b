using System.Text;

namespace Berth.Bench.Store;

/// <summary>The one 1 KiB JSON value every benchmark writes (bench/payload-1k.json, shared with the etcd driver).</summary>
internal static class Payload
{
    public static byte[] Bytes { get; private set; } = [];
    public static string Text { get; private set; } = "";

    public static void Load(string path)
    {
        Bytes = File.ReadAllBytes(path);
        Text = Encoding.UTF8.GetString(Bytes);
        if (Bytes.Length != 1024)
        {
            throw new InvalidOperationException($"{path} is {Bytes.Length} bytes, expected 1024");
        }
    }
}

