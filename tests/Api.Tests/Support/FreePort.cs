using System.Net;
using System.Net.Sockets;

namespace Berth.Tests.Support;

/// <summary>
/// A loopback TCP port nothing listens on right now. Only for what must name its port up front
/// (a PostgreSQL restarted on the same port, a port that must refuse); a server under test binds port 0 instead.
/// </summary>
public static class FreePort
{
    public static int Pick()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
