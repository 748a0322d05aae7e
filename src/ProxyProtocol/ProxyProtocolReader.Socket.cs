using System.Buffers;
using System.Net.Sockets;
using ProxyProtocol.Readers;

namespace ProxyProtocol;

/// <content>Reading from a connected <see cref="Socket"/>.</content>
public static partial class ProxyProtocolReader
{
    /// <summary>
    /// Reads a header from a connected stream socket and leaves the socket exactly at the application's first byte.
    /// Bytes are peeked; only bytes proven to belong to the header are received, so nothing is over-read and no
    /// wrapper is needed.
    /// </summary>
    /// <param name="socket">A connected TCP or Unix stream socket.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy, timeout); defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The header.</returns>
    /// <exception cref="ProxyProtocolException">Invalid, truncated (the peer closed first) or timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ArgumentException"><paramref name="socket"/> is not a stream socket (use <see cref="ProxyHeaderParser.ParseDatagram"/> for UDP).</exception>
    public static async ValueTask<ProxyHeader> ReadAsync(Socket socket, ProxyParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.SocketType != SocketType.Stream)
        {
            // Receiving a datagram's header bytes would discard the rest of it, the payload.
            throw new ArgumentException("Only stream sockets can be read; parse each datagram with ProxyHeaderParser.ParseDatagram.", nameof(socket));
        }

        options ??= ProxyParserOptions.Default;
        using var timeout = HeaderTimer.Start(options, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(512, Math.Min(options.MaxHeaderLength, 4096)));
        var consumed = 0; // header bytes already taken off the socket
        try
        {
            while (true)
            {
                if (consumed == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, options.MaxHeaderLength));
                    buffer.AsSpan(0, consumed).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // A peek waits until data is there and returns what is buffered, without taking it.
                var peeked = await socket.ReceiveAsync(buffer.AsMemory(consumed), SocketFlags.Peek, timeout.Token).ConfigureAwait(false);
                var available = consumed + peeked;
                var result = ProxyHeaderParser.Parse(buffer.AsSpan(0, available), out var header, options);
                if (result.IsComplete)
                {
                    await ReceiveExactlyAsync(socket, buffer.AsMemory(consumed, result.BytesConsumed - consumed), timeout.Token).ConfigureAwait(false);
                    return header!;
                }

                if (result.IsInvalid || peeked == 0)
                {
                    throw ProxyHeaderParser.CreateException(result, buffer.AsSpan(0, available), options);
                }

                // Incomplete: every peeked byte belongs to the header, so it is safe to take them all.
                await ReceiveExactlyAsync(socket, buffer.AsMemory(consumed, peeked), timeout.Token).ConfigureAwait(false);
                consumed = available;
            }
        }
        catch (OperationCanceledException ex) when (timeout.TimedOut(cancellationToken))
        {
            throw new ProxyProtocolException(ProxyError.Timeout, -1, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask ReceiveExactlyAsync(Socket socket, Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var n = await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new ProxyProtocolException(ProxyError.Truncated, -1);
            }

            destination = destination.Slice(n);
        }
    }
}
