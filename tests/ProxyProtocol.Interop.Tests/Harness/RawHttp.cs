using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>HTTP/1.1 over a raw socket, so a test controls exactly which bytes precede the request.</summary>
internal static class RawHttp
{
    internal static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Sends <paramref name="prefix"/> then a GET and returns the whole reply ("" when the peer closed without one).</summary>
    internal static async Task<string> GetAsync(EndPoint endPoint, ReadOnlyMemory<byte> prefix, string path = "/")
    {
        using var cts = new CancellationTokenSource(Timeout);
        using var socket = await RawTcp.ConnectAsync(endPoint, cts.Token);
        if (!prefix.IsEmpty)
        {
            await socket.SendAsync(prefix, SocketFlags.None, cts.Token);
        }

        return await RequestAsync(socket, path, cts.Token);
    }

    internal static async Task<string> RequestAsync(Socket socket, string path, CancellationToken cancellationToken)
    {
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: interop.test\r\nConnection: close\r\n\r\n");
        try
        {
            await socket.SendAsync(request, SocketFlags.None, cancellationToken);
        }
        catch (SocketException)
        {
            // Already closed by the peer (a rejected header): the read below sees the end.
        }

        return Encoding.UTF8.GetString(await RawTcp.ReadToEndAsync(socket, cancellationToken, resetIsClose: true));
    }
}
