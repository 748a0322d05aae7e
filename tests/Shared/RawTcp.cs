using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Tests.Shared;

/// <summary>
/// A TCP client that writes exactly the bytes a test gives it and reads what comes back, every wait bounded. A read to
/// the end wants an orderly close (FIN) unless told that a reset closes too, as a server that aborts a connection sends
/// one.
/// </summary>
internal static class RawTcp
{
    /// <summary>Connects with Nagle off, so every write leaves as its own segment.</summary>
    internal static async Task<Socket> ConnectAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads until the peer's FIN. A reset throws <see cref="SocketException"/>, unless
    /// <paramref name="resetIsClose"/>: then it ends the read and what arrived before it counts.</summary>
    internal static async Task<byte[]> ReadToEndAsync(Socket socket, CancellationToken cancellationToken, bool resetIsClose = false)
    {
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException ex) when (resetIsClose && IsClosedByPeer(ex))
        {
        }

        return received.ToArray();
    }

    /// <summary>Reads until the peer's FIN; a reset throws, and so does a peer still open after <paramref name="timeout"/>.</summary>
    internal static async Task<byte[]> ReadToEndAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await ReadToEndAsync(socket, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"the peer did not close within {timeout}.");
        }
    }

    /// <summary>Reads until the peer closes, by FIN or reset (what arrived before a reset counts); null when it is still
    /// open after <paramref name="timeout"/>.</summary>
    internal static async Task<byte[]?> ReadToCloseAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await ReadToEndAsync(socket, cts.Token, resetIsClose: true);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// Connects, sends the bytes (in one write, or one byte a write), and returns what the server sent before it closed, as
    /// UTF-8 text. A server that closes while the connection is opened or written to has closed it: its reply is what
    /// arrived, possibly nothing. Throws when the server keeps the connection open past <paramref name="timeout"/>.
    /// </summary>
    internal static async Task<string> ExchangeAsync(EndPoint endPoint, ReadOnlyMemory<byte> bytes, TimeSpan timeout, bool byteAtATime = false)
    {
        Socket socket;
        try
        {
            socket = await ConnectAsync(endPoint);
        }
        catch (SocketException ex) when (IsClosedByPeer(ex))
        {
            return string.Empty;
        }

        using (socket)
        {
            try
            {
                if (byteAtATime)
                {
                    for (var i = 0; i < bytes.Length; i++)
                    {
                        await socket.SendAsync(bytes.Slice(i, 1));
                        await Task.Delay(1);
                    }
                }
                else
                {
                    await socket.SendAsync(bytes);
                }
            }
            catch (SocketException ex) when (IsClosedByPeer(ex))
            {
                // Closed early (a rejected header): what the server sent before, if anything, is still readable.
            }

            var reply = await ReadToCloseAsync(socket, timeout) ?? throw new TimeoutException($"{endPoint} kept the connection open past {timeout}.");
            return Encoding.UTF8.GetString(reply);
        }
    }

    /// <summary>The errors that mean the peer closed the connection (an abort sends a reset).</summary>
    internal static bool IsClosedByPeer(SocketException ex) =>
        ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown;
}
