using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol;

/// <summary>
/// Sends PROXY headers. Each header is encoded into one buffer and written with one call, as the spec asks of
/// senders, so it normally leaves in a single segment.
/// </summary>
public static class ProxyProtocolWriter
{
    /// <summary>Writes a header to a stream.</summary>
    /// <param name="stream">The connection, before any application byte.</param>
    /// <param name="header">The header.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the header is written.</returns>
    public static async ValueTask WriteAsync(Stream stream, ProxyHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        using var owner = Encode(header, out var bytes);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a header on a connected socket.</summary>
    /// <param name="socket">The connected socket, before any application byte.</param>
    /// <param name="header">The header.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the header is sent.</returns>
    public static async ValueTask WriteAsync(Socket socket, ProxyHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(header);
        using var owner = Encode(header, out var bytes);
        while (!bytes.IsEmpty)
        {
            var sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            bytes = bytes.Slice(sent);
        }
    }

    /// <summary>Writes a header to a pipe and flushes it.</summary>
    /// <param name="writer">The connection's output, before any application byte.</param>
    /// <param name="header">The header.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>A task that completes when the header is flushed.</returns>
    public static async ValueTask WriteAsync(PipeWriter writer, ProxyHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(writer, header);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a header into a buffer writer without allocating.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="header">The header.</param>
    public static void Write(IBufferWriter<byte> writer, ProxyHeader header)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        var length = header.GetEncodedLength();
        header.TryEncode(writer.GetSpan(length), out var written);
        writer.Advance(written);
    }

    /// <summary>Opens a stream connection (TCP, or a Unix socket for a <see cref="UnixDomainSocketEndPoint"/>) and sends <paramref name="header"/> before returning it.</summary>
    /// <param name="remote">The PROXY-enabled service: an <see cref="IPEndPoint"/>, a <see cref="DnsEndPoint"/> or a
    /// <see cref="UnixDomainSocketEndPoint"/>.</param>
    /// <param name="header">The header to send first.</param>
    /// <param name="cancellationToken">Cancels connecting and sending.</param>
    /// <returns>The connected socket, positioned after the header; the caller owns it.</returns>
    public static async Task<Socket> ConnectAsync(EndPoint remote, ProxyHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(header);
        var socket = remote.AddressFamily switch
        {
            AddressFamily.InterNetwork or AddressFamily.InterNetworkV6 => new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp),
            AddressFamily.Unix => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            _ => new Socket(SocketType.Stream, ProtocolType.Tcp), // DnsEndPoint: dual-mode, tries each resolved address
        };
        try
        {
            if (socket.AddressFamily != AddressFamily.Unix)
            {
                // The header goes out at once in its own segment instead of waiting for application data.
                socket.NoDelay = true;
            }

            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            await WriteAsync(socket, header, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates a <see cref="SocketsHttpHandler.ConnectCallback"/> that sends a header on every new connection.
    /// </summary>
    /// <remarks>
    /// A pooled handler reuses a connection for many requests, and the header describes the connection, not a
    /// request: the spec forbids PROXY on connections that carry several clients' requests. Use such a handler for
    /// one downstream client (or one fixed identity) only, or stop reuse with
    /// <see cref="SocketsHttpHandler.PooledConnectionLifetime"/> = <see cref="TimeSpan.Zero"/> (every HTTP/1.1 request then
    /// gets its own connection and header). HTTP/2 and HTTP/3 multiplex concurrent requests on one connection whatever
    /// the lifetime, so keep per-request identities on HTTP/1.1. When the handler goes through an HTTP proxy the
    /// callback connects to, and sends the header to, that proxy.
    /// </remarks>
    /// <param name="headerFactory">Chooses the header for a connection (its target and the request that opened it).</param>
    /// <returns>The callback.</returns>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> CreateConnectCallback(
        Func<SocketsHttpConnectionContext, ProxyHeader> headerFactory)
    {
        ArgumentNullException.ThrowIfNull(headerFactory);
        return async (context, cancellationToken) =>
        {
            var header = headerFactory(context);
            var socket = await ConnectAsync(context.DnsEndPoint, header, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        };
    }

    private static IMemoryOwner<byte> Encode(ProxyHeader header, out ReadOnlyMemory<byte> bytes)
    {
        var length = header.GetEncodedLength();
        var owner = MemoryPool<byte>.Shared.Rent(length);
        header.TryEncode(owner.Memory.Span, out var written);
        bytes = owner.Memory.Slice(0, written);
        return owner;
    }
}
