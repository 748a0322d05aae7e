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
    public static ValueTask<ProxyHeader> ReadAsync(PipeReader reader, ProxyParserOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Fast path: the header is usually buffered already (it arrives with the connection), so neither the timeout
        // (a linked token source and a timer) nor an async state machine is needed. Failures are returned in the task,
        // as from the async path.
        try
        {
            options ??= ProxyParserOptions.Default;
            if (!cancellationToken.IsCancellationRequested && TryRead(reader, out var header, options))
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
    /// Decides on the bytes <paramref name="reader"/> already holds, without waiting: on a complete header advances
    /// exactly past it and returns true; when more bytes are needed marks everything examined and returns false (a
    /// later read then waits for new bytes). For callers that set up their own wait only when one is needed.
    /// </summary>
    /// <param name="reader">The connection's input.</param>
    /// <param name="header">The header, when true is returned.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy); defaults when null. The timeout does not apply.</param>
    /// <returns>True when a header was read; false when nothing is buffered yet or the header is incomplete.</returns>
    /// <exception cref="ProxyProtocolException">The header is invalid, or the input ended first (<see cref="ProxyError.Truncated"/>).</exception>
    /// <exception cref="OperationCanceledException">The pending read was cancelled (<see cref="PipeReader.CancelPendingRead"/>) and no complete header is buffered (a complete header is returned and the cancellation consumed).</exception>
    public static bool TryRead(PipeReader reader, out ProxyHeader header, ProxyParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.TryRead(out var read))
        {
            return TryComplete(reader, read, options ?? ProxyParserOptions.Default, out header);
        }

        header = null!;
        return false;
    }

    /// <summary>
    /// Decides on a <paramref name="result"/> the caller got from <paramref name="reader"/> (for callers with their
    /// own read loop and wait): on a complete header advances exactly past it and returns true; when more bytes are
    /// needed marks everything examined and returns false, so the next read waits for new bytes.
    /// </summary>
    /// <param name="reader">The connection's input, which produced <paramref name="result"/>.</param>
    /// <param name="result">The result of the reader's last read, not yet advanced past.</param>
    /// <param name="header">The header, when true is returned.</param>
    /// <param name="options">Options (cap, versions, CRC32C policy); defaults when null. The timeout does not apply.</param>
    /// <returns>True when a header was read; false when the header is incomplete.</returns>
    /// <remarks>The reader is always advanced (on true, on false and when throwing): do not call
    /// <see cref="PipeReader.AdvanceTo(SequencePosition)"/> for <paramref name="result"/> yourself. A complete header
    /// wins over <see cref="ReadResult.IsCanceled"/>: it is returned and the cancellation is not reported, so check
    /// <see cref="ReadResult.IsCanceled"/> first when a cancellation must end the read.</remarks>
    /// <exception cref="ProxyProtocolException">The header is invalid, or the input ended first (<see cref="ProxyError.Truncated"/>).</exception>
    /// <exception cref="OperationCanceledException">The read was cancelled (<see cref="ReadResult.IsCanceled"/>) before a complete header was buffered.</exception>
    public static bool TryRead(PipeReader reader, in ReadResult result, out ProxyHeader header, ProxyParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return TryComplete(reader, result, options ?? ProxyParserOptions.Default, out header);
    }

    private static async ValueTask<ProxyHeader> ReadSlowAsync(PipeReader reader, ProxyParserOptions options, CancellationToken cancellationToken)
    {
        using var timeout = ReadTimeout.Start(options, cancellationToken);
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
    /// Handles one read: on a complete header advances exactly past it and returns true; on an incomplete one marks
    /// everything examined and returns false (wait for more); otherwise throws.
    /// </summary>
    private static bool TryComplete(PipeReader reader, in ReadResult read, ProxyParserOptions options, out ProxyHeader header)
    {
        var buffer = read.Buffer;
        var result = ProxyHeaderParser.TryParse(buffer, out var parsed, options);
        if (result.IsComplete)
        {
            reader.AdvanceTo(buffer.GetPosition(result.BytesConsumed));
            header = parsed!;
            return true;
        }

        // The error (with its optional excerpt) is built before advancing: the buffer is not ours to read after.
        var failure = !read.IsCanceled && (result.IsInvalid || read.IsCompleted) ? Fail(result, buffer, options) : null;
        reader.AdvanceTo(buffer.Start, buffer.End);
        if (read.IsCanceled)
        {
            throw new OperationCanceledException("The pending read was cancelled.");
        }

        if (failure is not null)
        {
            throw failure;
        }

        header = null!;
        return false;
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
