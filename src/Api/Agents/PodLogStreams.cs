using System.Collections.Concurrent;
using System.Threading.Channels;
using Berth.Engine.Nodes;

namespace Berth.Api.Agents;

/// <summary>
/// Log requests waiting for their node's answer: the HTTP request that asked (kubectl logs) reads
/// a channel, and the hub writes into it what the agent uploads. Each request id is random and
/// bound to the one connection it was sent to, so no other node can answer it.
/// </summary>
internal sealed class PodLogStreams
{
    // A slow reader holds the agent back rather than the server buffering a whole log.
    private const int Buffered = 64;

    private readonly ConcurrentDictionary<string, Pending> pending = new();

    public (string Id, ChannelReader<LogChunk> Chunks) Open(string connectionId)
    {
        var id = Guid.NewGuid().ToString("N");
        var channel = Channel.CreateBounded<LogChunk>(new BoundedChannelOptions(Buffered) { SingleReader = true, SingleWriter = true });
        pending[id] = new Pending(connectionId, channel);
        return (id, channel.Reader);
    }

    /// <summary>Where the upload of request <paramref name="id"/> goes, if it is still awaited and from this connection.</summary>
    public ChannelWriter<LogChunk>? WriterFor(string id, string connectionId) =>
        pending.TryGetValue(id, out var entry) && entry.ConnectionId == connectionId ? entry.Channel.Writer : null;

    public void Close(string id)
    {
        if (pending.TryRemove(id, out var entry))
        {
            entry.Channel.Writer.TryComplete();
        }
    }

    private sealed record Pending(string ConnectionId, Channel<LogChunk> Channel);
}
