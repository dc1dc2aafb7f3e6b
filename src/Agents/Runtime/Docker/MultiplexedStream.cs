using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Berth.Agents.Runtime.Docker;

public enum OutputStream
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
}

/// <summary>One chunk of a container's output and the stream it came from.</summary>
public readonly record struct OutputFrame(OutputStream Stream, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Reads the Engine API's multiplexed output (logs and exec of containers without a TTY): each
/// frame is an 8-byte header (stream type, three zero bytes, big-endian payload length) and then
/// the payload. A frame cut short by the end of the stream ends the enumeration quietly: the
/// container is gone, and what arrived whole has been yielded.
/// </summary>
public static class MultiplexedStream
{
    private const int HeaderLength = 8;

    public static async IAsyncEnumerable<OutputFrame> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var header = new byte[HeaderLength];
        while (await FillAsync(stream, header, ct))
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4));
            if (length < 0)
            {
                yield break; // not a frame header: nothing after it can be trusted
            }

            var payload = new byte[length];
            if (!await FillAsync(stream, payload, ct))
            {
                yield break;
            }

            yield return new OutputFrame((OutputStream)header[0], payload);
        }
    }

    /// <summary>Reads exactly <paramref name="buffer"/>'s length; false when the stream ends first.</summary>
    private static async Task<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
