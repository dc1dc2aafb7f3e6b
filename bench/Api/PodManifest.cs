using System.Text;
using System.Text.Json.Nodes;

namespace Berth.Bench.Api;

/// <summary>
/// The pod every create sends (bench/Api/pod.json, a Deployment-made web pod with probes,
/// resources, env and a volume), compact as kubectl sends it, with its name filled in.
/// The body is assembled from two fixed halves so that making one costs next to nothing.
/// </summary>
internal sealed class PodManifest
{
    private const string Placeholder = "POD_NAME";
    private readonly byte[] head;
    private readonly byte[] tail;

    public PodManifest(string path)
    {
        var compact = JsonNode.Parse(File.ReadAllText(path))!.ToJsonString();
        var at = compact.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FormatException($"{path} must name its pod \"{Placeholder}\"");
        }

        head = Encoding.UTF8.GetBytes(compact[..at]);
        tail = Encoding.UTF8.GetBytes(compact[(at + Placeholder.Length)..]);
    }

    /// <summary>Size of one body, in bytes (names are always 8 digits after a fixed prefix).</summary>
    public int Size(string name) => head.Length + Encoding.UTF8.GetByteCount(name) + tail.Length;

    public byte[] Body(string name)
    {
        var body = new byte[Size(name)];
        head.CopyTo(body, 0);
        var written = Encoding.UTF8.GetBytes(name, body.AsSpan(head.Length));
        tail.CopyTo(body, head.Length + written);
        return body;
    }
}
