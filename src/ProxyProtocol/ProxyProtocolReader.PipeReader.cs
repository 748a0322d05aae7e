using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.IO.Pipelines;
using ProxyProtocol.Readers;

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
    /// or the header timeout passed (<see cref="ProxyError.Timeout"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled, or the pending
    /// read was (<see cref="PipeReader.CancelPendingRead"/>) before a complete header was buffered.</exception>
    public static ValueTask<ProxyHeader> ReadAsync(PipeReader reader, ProxyParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Fast path: the header is usually buffered already (it arrives with the connection), so neither the timeout
        // (a linked token source and a timer) nor an async state machine is needed. Failures are returned in the task,
        // as from the async path.
        try
        {
            ArgumentNullException.ThrowIfNull(reader);
            options ??= ProxyParserOptions.Default;
            if (!cancellationToken.IsCancellationRequested && reader.TryRead(out var read) && TryComplete(reader, read, options, out var header))
            {
                return new ValueTask<ProxyHeader>(header);
            }
        }
#pragma warning disable CA1031 // Not swallowed: every exception is handed to the caller through the task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ValueTask.FromException<ProxyHeader>(ex);
        }

        return ReadSlowAsync(reader, options, cancellationToken);
    }

    /// <summary>
    /// Decides on a <paramref name="result"/> the caller read from <paramref name="reader"/>, for callers with their
    /// own read loop and wait. Never throws for bad input; the header timeout does not apply.
    /// </summary>
    /// <param name="reader">The connection's input, which produced <paramref name="result"/>.</param>
    /// <param name="result">The reader's last read, not yet advanced past.</param>
    /// <param name="header">The header when the result is complete; otherwise null.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy); defaults when null.</param>
    /// <returns>
    /// <see cref="ProxyParseStatus.Complete"/>: the reader was advanced exactly past the header; payload bytes that
    /// arrived with it stay in the pipe.
    /// <see cref="ProxyParseStatus.Incomplete"/>: the reader was advanced with nothing consumed and everything examined;
    /// read again (the next read waits for new bytes).
    /// <see cref="ProxyParseStatus.Invalid"/>: the header is invalid, or the input completed before it did
    /// (<see cref="ProxyError.Truncated"/>, at the number of bytes received). The reader was not advanced, so
    /// <paramref name="result"/>'s buffer can still be read (for example for a log excerpt); the connection must be
    /// dropped: advance the reader or complete it.
    /// </returns>
    /// <remarks>Cancellation is the caller's to check: a complete header is parsed even when
    /// <see cref="ReadResult.IsCanceled"/> is set, and the bytes are judged as they are otherwise. Check
    /// <see cref="ReadResult.IsCanceled"/> first when a cancellation must end the read.</remarks>
    public static ProxyParseResult Parse(PipeReader reader, in ReadResult result, out ProxyHeader? header, ProxyParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var buffer = result.Buffer;
        var parsed = ProxyHeaderParser.Parse(buffer, out header, options);
        if (parsed.IsComplete)
        {
            reader.AdvanceTo(buffer.GetPosition(parsed.BytesConsumed));
        }
        else if (parsed.IsIncomplete)
        {
            if (result.IsCompleted)
            {
                return ProxyParseResult.Invalid(ProxyError.Truncated, (int)Math.Min(buffer.Length, int.MaxValue));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }

        return parsed;
    }

    private static async ValueTask<ProxyHeader> ReadSlowAsync(PipeReader reader, ProxyParserOptions options, CancellationToken cancellationToken)
    {
        using var timeout = HeaderTimer.Start(options, cancellationToken);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (TryComplete(reader, read, options, out var header))
                {
                    return header;
                }
            }
        }
        catch (OperationCanceledException ex) when (timeout.TimedOut(cancellationToken))
        {
            throw new ProxyProtocolException(ProxyError.Timeout, -1, ex);
        }
    }

    /// <summary>
    /// Handles one read for <c>ReadAsync</c>: true on a complete header, false when more bytes are needed; throws when
    /// the header is invalid or truncated, or when the read was cancelled before a header was complete.
    /// </summary>
    private static bool TryComplete(PipeReader reader, in ReadResult read, ProxyParserOptions options, [NotNullWhen(true)] out ProxyHeader? header)
    {
        var result = Parse(reader, read, out var parsed, options);
        if (result.IsComplete)
        {
            header = parsed!;
            return true;
        }

        header = null;

        if (result.IsInvalid)
        {
            // Parse left the reader where it was: the error (with its optional excerpt) is built before advancing,
            // as the buffer is not ours to read after.
            var failure = read.IsCanceled ? null : Fail(result, read.Buffer, options);
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (failure is not null)
            {
                throw failure;
            }
        }

        if (read.IsCanceled)
        {
            throw new OperationCanceledException("The pending read was cancelled.");
        }

        return false;
    }

    private static ProxyProtocolException Fail(ProxyParseResult result, in ReadOnlySequence<byte> buffer, ProxyParserOptions options)
    {
        if (!options.IncludeInputInErrors)
        {
            return new ProxyProtocolException(result.Error, result.ErrorOffset);
        }

        var excerpt = buffer.Slice(0, Math.Min(buffer.Length, 256)).ToArray();
        return ProxyHeaderParser.CreateException(result, excerpt, options);
    }
}
