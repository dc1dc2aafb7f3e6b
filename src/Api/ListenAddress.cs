using System.Globalization;
using System.Net;

namespace Berth.Api;

/// <summary>The <c>host:port</c> the server binds, parsed up front so a typo fails before anything starts.</summary>
internal sealed record ListenAddress(IPEndPoint EndPoint)
{
    /// <summary>Whether the server binds loopback only (<c>0.0.0.0</c> and <c>[::]</c> are not): then plain HTTP never leaves the machine.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(EndPoint.Address);

    /// <summary>Parses <c>127.0.0.1:8080</c>, <c>[::1]:8080</c> or <c>localhost:8080</c>; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ListenAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw Invalid(text);
        }

        var host = text[..colon];
        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        if (bracketed)
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            throw Invalid(text); // an IPv6 address without brackets: which colon starts the port is a guess
        }

        // "localhost" binds IPv4 loopback only: Kestrel's dual-stack localhost binding cannot take port 0,
        // and tests rely on port 0 to get a free port without a race.
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new ListenAddress(new IPEndPoint(IPAddress.Loopback, port));
        }

        return IPAddress.TryParse(host, out var address)
            ? new ListenAddress(new IPEndPoint(address, port))
            : throw Invalid(text);
    }

    private static FormatException Invalid(string text) =>
        new($"listen address '{text}' is not host:port, e.g. 127.0.0.1:8080 or [::1]:8080");
}
