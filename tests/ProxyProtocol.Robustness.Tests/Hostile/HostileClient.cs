using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>Plays one hostile connection and reports whether the server behaved (closed it, sent nothing).</summary>
internal static class HostileClient
{
    internal static async Task<bool> PlayAsync(IPEndPoint endPoint, HostileMove move, byte[] bytes)
    {
        using var socket = await RawTcp.ConnectAsync(endPoint);
        switch (move)
        {
            case HostileMove.SendInvalid:
                try
                {
                    await socket.SendAsync(bytes);
                }
                catch (SocketException)
                {
                    // Closed by the server before it took everything: fine.
                }

                // Nothing may come back (the server never answers a bad header), and the server closes promptly.
                var reply = await RawTcp.ReadToCloseAsync(socket, TimeSpan.FromSeconds(10));
                return reply is { Length: 0 };

            case HostileMove.CloseMidHeader:
                await socket.SendAsync(bytes);
                socket.Shutdown(SocketShutdown.Both);
                return true;

            case HostileMove.ResetMidHeader:
                await socket.SendAsync(bytes);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                return true;

            default:
                socket.Shutdown(SocketShutdown.Both);
                return true;
        }
    }
}
