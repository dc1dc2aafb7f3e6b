using System.Net.Sockets;
using System.Text;

namespace Berth.Api.Tests.Support;

/// <summary>
/// HTTP/1.1 written by hand on a socket, for requests HttpClient would refuse to send (raw bytes in
/// paths and headers, malformed encodings): the server must answer them as it answers anyone.
/// </summary>
internal static class RawHttp
{
    public sealed record Answer(int Status, string Head, string Body)
    {
        public override string ToString() => $"{Status} {Body[..Math.Min(Body.Length, 300)]}";
    }

    public static async Task<Answer> SendAsync(Uri server, string method, string target, IEnumerable<string> headers, string? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var bodyBytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(server.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        foreach (var header in headers)
        {
            request.Append(header).Append("\r\n");
        }

        if (body is not null)
        {
            request.Append("Content-Type: application/json\r\nContent-Length: ").Append(bodyBytes.Length).Append("\r\n");
        }

        request.Append("\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        await stream.WriteAsync(bodyBytes);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, timeout.Token);
        var text = Encoding.UTF8.GetString(received.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var status = head.Length >= 12 && int.TryParse(head.AsSpan(9, 3), out var code) ? code : 0;
        return new Answer(status, head, split < 0 ? "" : text[(split + 4)..]);
    }
}
