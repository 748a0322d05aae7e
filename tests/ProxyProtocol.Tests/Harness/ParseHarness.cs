using System.Buffers;

namespace ProxyProtocol.Tests.Harness;

/// <summary>
/// Runs one parser case every way the library can see it and asserts that all agree: the whole span (Validate and
/// Parse), every prefix of it, a sequence split into two at every byte boundary, a sequence of one segment per byte,
/// a <see cref="System.IO.Pipelines.PipeReader"/> revealing one byte per read, and a stream returning one byte per read.
/// </summary>
internal static class ParseHarness
{
    /// <summary>Options that accept a header whatever transport it names, for tests of other rules on UDP and UNIX
    /// datagram headers (the transport rule, docs/spec-rules.md §POLICY.17, has tests of its own).</summary>
    internal static readonly ProxyParserOptions AnyTransport = ProxyParserOptions.Default with { AllowTransportMismatch = true };

    /// <summary>Asserts the input holds a complete, valid header and returns it.</summary>
    internal static async Task<ProxyHeader> ValidAsync(byte[] input, ProxyParserOptions? options = null)
    {
        var (result, header) = await RunAsync(input, options);
        Assert.True(result.IsComplete, $"Expected a valid header, got {result}.");
        return header!;
    }

    /// <summary>Asserts the input is rejected with <paramref name="error"/> (at <paramref name="offset"/> when given).</summary>
    internal static async Task<ProxyParseResult> InvalidAsync(byte[] input, ProxyError error, int? offset = null, ProxyParserOptions? options = null)
    {
        var (result, _) = await RunAsync(input, options);
        Assert.True(result.IsInvalid, $"Expected {error}, got {result}.");
        Assert.Equal(error, result.Error);
        if (offset is { } o)
        {
            Assert.Equal(o, result.ErrorOffset);
        }

        return result;
    }

    /// <summary>Asserts the input is a strict prefix of a possibly valid header.</summary>
    internal static async Task IncompleteAsync(byte[] input, ProxyParserOptions? options = null)
    {
        var (result, _) = await RunAsync(input, options);
        Assert.True(result.IsIncomplete, $"Expected Incomplete, got {result}.");
    }

    internal static async Task<(ProxyParseResult Result, ProxyHeader? Header)> RunAsync(byte[] input, ProxyParserOptions? options = null)
    {
        var result = ProxyHeaderParser.Parse(input, out var header, options);
        Assert.Equal(result, ProxyHeaderParser.Validate(input, options));
        Assert.Equal(result.IsComplete, header is not null);
        if (header is not null)
        {
            Assert.Equal(result.BytesConsumed, header.HeaderLength);
        }

        CheckPrefixes(input, result, options);
        CheckSequence(new ReadOnlySequence<byte>(input), "one segment", result, header, options);
        for (var at = 0; at <= input.Length; at++)
        {
            CheckSequence(Segments.SplitAt(input, at), $"split at {at}", result, header, options);
        }

        CheckSequence(Segments.PerByte(input), "one segment per byte", result, header, options);
        await CheckPipeReaderAsync(input, result, header, options);
        await CheckStreamAsync(input, result, header, options);
        return (result, header);
    }

    // A longer input never changes a decision already made: prefixes are Incomplete until the whole input's outcome
    // appears, and from then on every longer prefix has exactly that outcome.
    private static void CheckPrefixes(byte[] input, ProxyParseResult whole, ProxyParserOptions? options)
    {
        var decidedAt = -1;
        for (var k = 0; k <= input.Length; k++)
        {
            var r = ProxyHeaderParser.Validate(input.AsSpan(0, k), options);
            if (decidedAt < 0 && !r.IsIncomplete)
            {
                decidedAt = k;
            }

            if (decidedAt >= 0)
            {
                Assert.True(r == whole, $"Prefix of {k} bytes gave {r}, the whole input {whole}.");
            }
        }

        if (whole.IsComplete)
        {
            Assert.Equal(whole.BytesConsumed, decidedAt);
        }
    }

    private static void CheckSequence(ReadOnlySequence<byte> sequence, string shape, ProxyParseResult expected, ProxyHeader? header, ProxyParserOptions? options)
    {
        var r = ProxyHeaderParser.Parse(sequence, out var h, options);
        Assert.True(r == expected, $"{shape}: {r}, span: {expected}.");
        Assert.True(ProxyHeaderParser.Validate(sequence, options) == expected, $"{shape}: Validate differs from span.");
        Assert.True(h == header, $"{shape}: header {h} differs from span's {header}.");
    }

    private static async Task CheckPipeReaderAsync(byte[] input, ProxyParseResult expected, ProxyHeader? header, ProxyParserOptions? options)
    {
        var reader = new TricklePipeReader(input);
        var read = ProxyProtocolReader.ReadAsync(reader, options);
        if (expected.IsComplete)
        {
            var h = await read;
            Assert.Equal(header, h);
            Assert.Equal(expected.BytesConsumed, reader.Consumed);
            Assert.Equal(expected.BytesConsumed, reader.Examined); // examined = consumed: the payload stays unread
        }
        else
        {
            var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await read);
            AssertFailure(ex, expected, input.Length, "PipeReader");
            Assert.Equal(0, reader.Consumed);
        }

        Assert.True(reader.AlwaysExaminedEverything, "While incomplete the reader must examine everything it was given.");
    }

    private static async Task CheckStreamAsync(byte[] input, ProxyParseResult expected, ProxyHeader? header, ProxyParserOptions? options)
    {
        using var stream = new TrickleStream(input);
        if (expected.IsComplete)
        {
            var result = await ProxyProtocolReader.ReadAsync(stream, options);
            Assert.Equal(header, result.Header);
            using var rest = new MemoryStream();
            await result.Stream.CopyToAsync(rest);
            Assert.Equal(input.AsSpan(expected.BytesConsumed).ToArray(), rest.ToArray());
        }
        else
        {
            var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(stream, options));
            AssertFailure(ex, expected, input.Length, "Stream");
        }
    }

    private static void AssertFailure(ProxyProtocolException ex, ProxyParseResult expected, int inputLength, string reader)
    {
        if (expected.IsIncomplete)
        {
            Assert.True(ex.Error == ProxyError.Truncated, $"{reader}: {ex.Error}, expected Truncated.");
            Assert.Equal(inputLength, ex.Offset);
        }
        else
        {
            Assert.True(ex.Error == expected.Error, $"{reader}: {ex.Error} at {ex.Offset}, span: {expected}.");
            Assert.Equal(expected.ErrorOffset, ex.Offset);
        }
    }
}
