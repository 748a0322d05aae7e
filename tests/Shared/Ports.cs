using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tests.Shared;

/// <summary>Loopback ports: a free one for another program to bind, or a listener of the test's own.</summary>
internal static class Ports
{
    /// <summary>A port the kernel picked a moment ago and nothing holds now; the peer that needs it binds it right after.</summary>
    internal static IPEndPoint Free(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>A socket listening on an ephemeral port of <paramref name="address"/>.</summary>
    internal static Socket Listen(IPAddress address, int backlog = 16)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            socket.Listen(backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
