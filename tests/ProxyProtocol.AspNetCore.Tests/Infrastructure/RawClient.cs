using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>Raw socket exchanges with a bounded time: what the server sent before it closed.</summary>
internal static class RawClient
{
    public static readonly TimeSpan ExchangeTimeout = TimeSpan.FromSeconds(15);

    public static async Task<Socket> ConnectAsync(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endPoint);
        return socket;
    }

    /// <summary>Sends the bytes (in one write, or one byte per write) and reads until the server closes. A server that
    /// resets the connection while it is being opened or written to has closed it: the result is then empty.</summary>
    public static async Task<string> ExchangeAsync(IPEndPoint endPoint, byte[] bytes, bool byteAtATime = false)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(endPoint);
        }
        catch (SocketException ex) when (IsClosedByServer(ex))
        {
            return string.Empty;
        }

        using (socket)
        {
            try
            {
                if (byteAtATime)
                {
                    foreach (var b in bytes)
                    {
                        await socket.SendAsync(new[] { b });
                        await Task.Delay(1);
                    }
                }
                else
                {
                    await socket.SendAsync(bytes);
                }
            }
            catch (SocketException ex) when (IsClosedByServer(ex))
            {
                // Closed early (for example an untrusted peer): what it sent before, if anything, is still readable.
            }

            return await ReadToEndAsync(socket);
        }
    }

    private static bool IsClosedByServer(SocketException ex) =>
        ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;

    /// <summary>Reads until the peer closes (FIN or reset); throws when it stays open past <see cref="ExchangeTimeout"/>.</summary>
    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(ExchangeTimeout);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException ex) when (IsClosedByServer(ex))
        {
            // An abort resets the connection; what arrived before it still counts.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>The body of an HTTP/1.1 response.</summary>
    public static string Body(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end >= 0, $"not an HTTP response: '{response}'");
        Assert.StartsWith("HTTP/1.1 200", response, StringComparison.Ordinal);
        return response[(end + 4)..];
    }

    /// <summary>The value of a <c>name=value</c> line of the test app's answer.</summary>
    public static string? Line(string body, string name) =>
        body.Split('\n').FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];
}
