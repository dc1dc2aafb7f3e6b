using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Berth.Agents.Hub;

/// <summary>
/// A <see cref="ConnectionContext"/> over one WebSocket: two pumps move bytes between the socket and
/// the pipes the SignalR client reads and writes (text frames: the JSON hub protocol). When either
/// side ends, both pipes complete, which the client sees as the connection closing.
/// </summary>
internal sealed class WebSocketConnection : ConnectionContext
{
    private readonly ClientWebSocket socket;
    private readonly Pipe incoming = new();
    private readonly Pipe outgoing = new();
    private readonly CancellationTokenSource aborted = new();
    private readonly Task receiving;
    private readonly Task sending;

    public WebSocketConnection(ClientWebSocket socket)
    {
        this.socket = socket;
        Transport = new Duplex(incoming.Reader, outgoing.Writer);
        receiving = ReceiveAsync();
        sending = SendAsync();
    }

    public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override void Abort(ConnectionAbortedException abortReason) => aborted.Cancel();

    public override async ValueTask DisposeAsync()
    {
        await outgoing.Writer.CompleteAsync();
        await aborted.CancelAsync();
        await Task.WhenAll(receiving, sending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        socket.Dispose();
        aborted.Dispose();
    }

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = incoming.Writer.GetMemory(4096);
                var result = await socket.ReceiveAsync(memory, aborted.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the server's close at once, so a server that is stopping does not wait out its close timeout.
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                    break;
                }

                incoming.Writer.Advance(result.Count);
                if ((await incoming.Writer.FlushAsync(aborted.Token)).IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            error = e;
        }
        finally
        {
            await incoming.Writer.CompleteAsync(error is OperationCanceledException ? null : error);
            await aborted.CancelAsync(); // the other pump stops too
        }
    }

    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                var read = await outgoing.Reader.ReadAsync(aborted.Token);
                foreach (var segment in read.Buffer)
                {
                    await socket.SendAsync(segment, WebSocketMessageType.Text, endOfMessage: true, aborted.Token);
                }

                outgoing.Reader.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            if (socket.State == WebSocketState.Open)
            {
                // A polite close, but never a long wait for a server that has gone.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the socket is gone: the receive pump completes the connection
        }
        finally
        {
            await outgoing.Reader.CompleteAsync();
            await aborted.CancelAsync();
        }
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
