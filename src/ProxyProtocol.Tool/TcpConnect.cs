using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool;

/// <summary>Opens the TCP connections the commands make (probe, relay upstream, send), one way for all three.</summary>
internal static class TcpConnect
{
    /// <summary>
    /// Connects to <paramref name="remote"/> (an address, or a name tried address by address) with Nagle off, so that
    /// a header goes out in its own segment at once.
    /// </summary>
    /// <exception cref="TimeoutException">Not connected within <paramref name="timeout"/>.</exception>
    /// <exception cref="SocketException">No socket could be made (e.g. too many open files) or the connection failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<Socket> ConnectAsync(EndPoint remote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        try
        {
            socket = remote is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.NoDelay = true;
            await socket.ConnectAsync(remote, deadline.Token).ConfigureAwait(false);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket?.Dispose();
            throw new TimeoutException($"not connected within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch
        {
            socket?.Dispose();
            throw;
        }
    }
}
