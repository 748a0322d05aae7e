using System.Buffers;
using System.IO.Pipelines;

namespace ProxyProtocol;

/// <summary>
/// Reads a PROXY header from a connection and leaves the connection at the first byte of the application's data:
/// nothing is lost, nothing is read past the header unless it is handed back.
/// </summary>
public static partial class ProxyProtocolReader
{
    /// <summary>
    /// Reads a header from <paramref name="reader"/> and advances exactly past it (examined = consumed), so payload
    /// bytes that arrived with the header stay in the pipe for the next reader.
    /// </summary>
    /// <param name="reader">The connection's input.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy, timeout); defaults when null.</param>
    /// <param name="cancellationToken">Cancels the read (for example on connection close or shutdown).</param>
    /// <returns>The header.</returns>
    /// <exception cref="ProxyProtocolException">The header is invalid, the input ended first (<see cref="ProxyError.Truncated"/>),
    /// or the read timeout passed (<see cref="ProxyError.Timeout"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<ProxyHeader> ReadAsync(PipeReader reader, ProxyParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= ProxyParserOptions.Default;
        using var timeout = ReadTimeout.Start(options, cancellationToken);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                var result = ProxyHeaderParser.TryParse(buffer, out var header, options);
                if (result.IsComplete)
                {
                    reader.AdvanceTo(buffer.GetPosition(result.BytesConsumed));
                    return header!;
                }

                if (read.IsCanceled)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw new OperationCanceledException("The pending read was cancelled.");
                }

                if (result.IsInvalid || read.IsCompleted)
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw Fail(result, buffer, options);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException ex) when (timeout.TimedOut(cancellationToken))
        {
            throw new ProxyProtocolException(ProxyError.Timeout, -1, ex);
        }
    }

    private static ProxyProtocolException Fail(ProxyParseResult result, in ReadOnlySequence<byte> buffer, ProxyParserOptions options)
    {
        if (!options.IncludeInputInErrors)
        {
            return result.IsIncomplete
                ? new ProxyProtocolException(ProxyError.Truncated, (int)Math.Min(buffer.Length, int.MaxValue))
                : new ProxyProtocolException(result.Error, result.ErrorOffset);
        }

        var excerpt = buffer.Slice(0, Math.Min(buffer.Length, 256)).ToArray();
        return ProxyHeaderParser.CreateException(result, excerpt, options);
    }
}
