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
    // Chunks a reader may fall behind by. The hub must never wait for a reader (it would hold up
    // every call of the node behind it), so a reader further behind is cut off: its log ends.
    private const int Buffered = 1024;

    private readonly ConcurrentDictionary<string, Pending> pending = new();

    /// <summary>How many logs are being read from nodes through this replica now.</summary>
    public int Reading => pending.Count;

    public (string Id, ChannelReader<LogChunk> Chunks) Open(string connectionId)
    {
        var id = Guid.NewGuid().ToString("N");
        var channel = Channel.CreateBounded<LogChunk>(new BoundedChannelOptions(Buffered) { SingleReader = true });
        pending[id] = new Pending(connectionId, channel);
        return (id, channel.Reader);
    }

    /// <summary>Hands a chunk of request <paramref name="id"/> to its reader, if it is still awaited and the chunk comes from the connection asked.</summary>
    public void Deliver(string id, string connectionId, LogChunk chunk)
    {
        if (pending.TryGetValue(id, out var entry) && entry.ConnectionId == connectionId && !entry.Channel.Writer.TryWrite(chunk))
        {
            entry.Channel.Writer.TryComplete(); // too far behind: end its log rather than wait
        }
    }

    /// <summary>The node says request <paramref name="id"/>'s log has ended.</summary>
    public void End(string id, string connectionId)
    {
        if (pending.TryGetValue(id, out var entry) && entry.ConnectionId == connectionId)
        {
            entry.Channel.Writer.TryComplete();
        }
    }

    public void Close(string id)
    {
        if (pending.TryRemove(id, out var entry))
        {
            entry.Channel.Writer.TryComplete();
        }
    }

    private sealed record Pending(string ConnectionId, Channel<LogChunk> Channel);
}
