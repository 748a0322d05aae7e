using System.Buffers;
using System.Buffers.Binary;
using ProxyProtocol.Internal;
using ProxyProtocol.Readers;

namespace ProxyProtocol;

/// <content>Reading from a <see cref="Stream"/>.</content>
public static partial class ProxyProtocolReader
{
    /// <summary>
    /// Reads a header from <paramref name="stream"/>. v2 headers are read exactly (16 bytes, then the advertised
    /// length), so the original stream comes back untouched; a v1 line can end anywhere, so bytes read past it are
    /// replayed by the returned stream. Never more than the header's cap is buffered.
    /// </summary>
    /// <param name="stream">The connection stream.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy, timeout); defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The header and the stream positioned at the application's first byte.</returns>
    /// <exception cref="ProxyProtocolException">Invalid, truncated (end of stream first) or timed out.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<ProxyStreamResult> ReadAsync(Stream stream, ProxyParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= ProxyParserOptions.Default;
        using var timeout = HeaderTimer.Start(options, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(512);
        var filled = 0;
        try
        {
            while (true)
            {
                var want = BytesWanted(buffer.AsSpan(0, filled), options);
                if (filled + want > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(filled + want);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var n = await stream.ReadAsync(buffer.AsMemory(filled, want), timeout.Token).ConfigureAwait(false);
                filled += n;
                var result = ProxyHeaderParser.Parse(buffer.AsSpan(0, filled), out var header, options);
                if (result.IsComplete)
                {
                    var extra = filled - result.BytesConsumed;
                    var payload = extra == 0 ? stream : new ReplayStream(stream, buffer.AsSpan(result.BytesConsumed, extra).ToArray());
                    return new ProxyStreamResult(header!, payload);
                }

                if (result.IsInvalid || n == 0)
                {
                    throw ProxyHeaderParser.CreateException(result, buffer.AsSpan(0, filled), options);
                }
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

    // How many more bytes to ask for: the 16-byte v2 prefix first, then exactly the rest of a v2 header, or up to
    // the end of the longest possible v1 line.
    private static int BytesWanted(ReadOnlySpan<byte> received, ProxyParserOptions options)
    {
        if (received.Length < V2Format.PrefixLength)
        {
            return V2Format.PrefixLength - received.Length;
        }

        if (received[0] == V2Format.Signature[0])
        {
            var total = V2Format.PrefixLength + BinaryPrimitives.ReadUInt16BigEndian(received.Slice(14));
            return Math.Max(1, Math.Min(total, options.MaxHeaderLength) - received.Length);
        }

        return Math.Max(1, V2Format.MaxV1Length - received.Length);
    }
}
