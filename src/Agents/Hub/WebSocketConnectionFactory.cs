using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;

namespace Berth.Agents.Hub;

/// <summary>
/// Opens SignalR connections over a plain WebSocket, skipping negotiation. It stands in for
/// Microsoft.AspNetCore.Http.Connections.Client (not in this registry), whose WebSockets transport
/// does the same once negotiation is skipped; the hub serves WebSockets only, so nothing is lost.
/// </summary>
public sealed class WebSocketConnectionFactory(Action<ClientWebSocketOptions> configure) : IConnectionFactory
{
    public async ValueTask<ConnectionContext> ConnectAsync(EndPoint endpoint, CancellationToken ct = default)
    {
        var uri = endpoint is UriEndPoint { Uri: var given } ? given : throw new ArgumentException($"not a URI endpoint: {endpoint}", nameof(endpoint));
        var socket = new ClientWebSocket();
        configure(socket.Options);
        try
        {
            await socket.ConnectAsync(WebSocketUri(uri), ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new WebSocketConnection(socket);
    }

    /// <summary>http(s) becomes ws(s); a server URL and a hub path are given the way users write them.</summary>
    public static Uri WebSocketUri(Uri uri) => new UriBuilder(uri)
    {
        Scheme = uri.Scheme switch { "https" or "wss" => "wss", _ => "ws" },
    }.Uri;
}
