using System.IO.Pipelines;
using ProxyProtocol.Fuzz.Support;

namespace ProxyProtocol.Fuzz.Targets;

/// <summary>
/// The input's first two bytes seed how the rest is split. The sequence parser over those segments must agree with the
/// span parser over the whole; the PipeReader and Stream readers fed the same chunks must return the same header (or
/// the same error) and leave every payload byte, in order, for the application.
/// </summary>
public static class SequenceTarget
{
    /// <summary>Runs one input.</summary>
    /// <param name="input">Two split-seed bytes, then the bytes received on a connection.</param>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < Splits.SeedLength)
        {
            return;
        }

        var seed = (ushort)((input[0] << 8) | input[1]);
        var data = input.Slice(Splits.SeedLength).ToArray();
        var chunks = Splits.Chunk(data, seed);
        var sequence = Segment.Chain(chunks);
        Check.Equal(data.Length, sequence.Length);

        foreach (var options in (ReadOnlySpan<ProxyParserOptions>)[FuzzOptions.Default, FuzzOptions.Lenient])
        {
            var expected = ProxyHeaderParser.Parse(data, out var expectedHeader, options);
            var actual = ProxyHeaderParser.Parse(sequence, out var actualHeader, options);
            Check.Equal(expected, actual);
            Check.Equal(expected, ProxyHeaderParser.Validate(sequence, options));
            Check.That(Equals(expectedHeader, actualHeader));
        }

        var reference = ProxyHeaderParser.Parse(data, out var header, FuzzOptions.Reader);
        CheckPipeReader(chunks, data, reference, header);
        CheckStreamReader(chunks, data, reference, header);
    }

    private static void CheckPipeReader(List<ReadOnlyMemory<byte>> chunks, byte[] data, ProxyParseResult reference, ProxyHeader? header)
    {
        var pipe = PipeReader.Create(new ChunkedStream(chunks), new StreamPipeReaderOptions(bufferSize: 64, minimumReadSize: 16));
        ProxyHeader read;
        try
        {
            read = ProxyProtocolReader.ReadAsync(pipe, FuzzOptions.Reader).AsTask().GetAwaiter().GetResult();
        }
        catch (ProxyProtocolException ex)
        {
            ExpectFailure(reference, ex);
            return;
        }

        Check.That(reference.IsComplete && header!.Equals(read));
        var rest = new List<byte>();
        while (true)
        {
            var result = pipe.ReadAsync().AsTask().GetAwaiter().GetResult();
            foreach (var segment in result.Buffer)
            {
                rest.AddRange(segment.Span);
            }

            pipe.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        Check.That(rest.ToArray().AsSpan().SequenceEqual(data.AsSpan(reference.BytesConsumed)));
    }

    private static void CheckStreamReader(List<ReadOnlyMemory<byte>> chunks, byte[] data, ProxyParseResult reference, ProxyHeader? header)
    {
        ProxyStreamResult read;
        try
        {
            read = ProxyProtocolReader.ReadAsync(new ChunkedStream(chunks), FuzzOptions.Reader).AsTask().GetAwaiter().GetResult();
        }
        catch (ProxyProtocolException ex)
        {
            ExpectFailure(reference, ex);
            return;
        }

        Check.That(reference.IsComplete && header!.Equals(read.Header));
        using var rest = new MemoryStream();
        read.Stream.CopyTo(rest);
        Check.That(rest.ToArray().AsSpan().SequenceEqual(data.AsSpan(reference.BytesConsumed)));
    }

    // The reader may decide on fewer bytes than the whole input, but the verdict is stable under truncation,
    // so it must report exactly what the span parser reports for everything; an input that never completes is truncated.
    private static void ExpectFailure(ProxyParseResult reference, ProxyProtocolException ex)
    {
        Check.That(!reference.IsComplete);
        if (reference.IsIncomplete)
        {
            Check.Equal(ProxyError.Truncated, ex.Error);
        }
        else
        {
            Check.Equal(reference.Error, ex.Error);
            Check.Equal(reference.ErrorOffset, ex.Offset);
        }
    }
}
