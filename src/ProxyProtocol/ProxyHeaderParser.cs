using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ProxyProtocol.Internal;
using ProxyProtocol.Parsing;

namespace ProxyProtocol;

/// <summary>
/// Parses PROXY protocol v1 and v2 headers from spans and sequences split anywhere. <c>Validate</c> allocates
/// nothing; <c>Parse</c> allocates the <see cref="ProxyHeader"/> and at most one buffer for its TLVs.
/// The parser never guesses: input that is not a header is invalid, and the version is detected as the spec says.
/// <c>Validate</c> and <c>Parse</c> judge the start of a stream (TCP, a Unix stream socket), where a v2 PROXY header
/// with transport DGRAM is <see cref="ProxyError.TransportMismatch"/>; <see cref="ParseDatagram"/> judges one datagram.
/// </summary>
public static class ProxyHeaderParser
{
    private const int SequenceStackBuffer = 256;

    /// <summary>Validates a header at the start of <paramref name="input"/> without allocating.</summary>
    /// <param name="input">Bytes received so far.</param>
    /// <param name="options">Options; <see cref="ProxyParserOptions.Default"/> when null.</param>
    /// <returns>Complete with the header's length, Incomplete, or Invalid with the reason and offset.</returns>
    public static ProxyParseResult Validate(ReadOnlySpan<byte> input, ProxyParserOptions? options = null) =>
        ParseCore(input, options ?? ProxyParserOptions.Default, materialize: false, datagram: false, out _);

    /// <summary>Validates a header at the start of <paramref name="input"/>, which may be split into any segments, without allocating.</summary>
    /// <param name="input">Bytes received so far.</param>
    /// <param name="options">Options; <see cref="ProxyParserOptions.Default"/> when null.</param>
    /// <returns>Complete with the header's length, Incomplete, or Invalid with the reason and offset.</returns>
    public static ProxyParseResult Validate(in ReadOnlySequence<byte> input, ProxyParserOptions? options = null) =>
        ParseSequence(input, options ?? ProxyParserOptions.Default, materialize: false, out _);

    /// <summary>Parses a header at the start of <paramref name="input"/>.</summary>
    /// <param name="input">Bytes received so far.</param>
    /// <param name="header">The header when the result is complete; otherwise null.</param>
    /// <param name="options">Options; <see cref="ProxyParserOptions.Default"/> when null.</param>
    /// <returns>Complete with the header's length (the payload starts there), Incomplete, or Invalid.</returns>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input, out ProxyHeader? header, ProxyParserOptions? options = null) =>
        ParseCore(input, options ?? ProxyParserOptions.Default, materialize: true, datagram: false, out header);

    /// <summary>Parses a header at the start of <paramref name="input"/>, which may be split into any segments.</summary>
    /// <param name="input">Bytes received so far.</param>
    /// <param name="header">The header when the result is complete; otherwise null.</param>
    /// <param name="options">Options; <see cref="ProxyParserOptions.Default"/> when null.</param>
    /// <returns>Complete with the header's length (the payload starts there), Incomplete, or Invalid.</returns>
    public static ProxyParseResult Parse(in ReadOnlySequence<byte> input, out ProxyHeader? header, ProxyParserOptions? options = null) =>
        ParseSequence(input, options ?? ProxyParserOptions.Default, materialize: true, out header);

    /// <summary>
    /// Parses the header at the start of a UDP datagram; the spec requires one in every datagram, complete.
    /// An incomplete header is reported as <see cref="ProxyError.Truncated"/>. A v1 header or a v2 header whose
    /// transport is STREAM describes a TCP connection, not this datagram: it is <see cref="ProxyError.TransportMismatch"/>
    /// unless <see cref="ProxyParserOptions.AllowTransportMismatch"/> is set.
    /// </summary>
    /// <param name="datagram">One datagram.</param>
    /// <param name="header">The header, when valid.</param>
    /// <param name="payload">The bytes after the header, when valid.</param>
    /// <param name="options">Options; <see cref="ProxyParserOptions.Default"/> when null.</param>
    /// <returns>Complete or Invalid; never Incomplete.</returns>
    public static ProxyParseResult ParseDatagram(ReadOnlyMemory<byte> datagram, out ProxyHeader? header, out ReadOnlyMemory<byte> payload, ProxyParserOptions? options = null)
    {
        var result = ParseCore(datagram.Span, options ?? ProxyParserOptions.Default, materialize: true, datagram: true, out header);
        if (result.IsIncomplete)
        {
            result = ProxyParseResult.Invalid(ProxyError.Truncated, datagram.Length);
        }

        payload = result.IsComplete ? datagram.Slice(result.BytesConsumed) : default;
        return result;
    }

    /// <summary>Validates, and when <paramref name="materialize"/> is set builds the header straight from the validated bytes.
    /// <paramref name="datagram"/> says which transport the bytes came over: a stream, or one datagram.</summary>
    internal static ProxyParseResult ParseCore(ReadOnlySpan<byte> input, ProxyParserOptions options, bool materialize, bool datagram, out ProxyHeader? header)
    {
        if (input.IsEmpty)
        {
            header = null;
            return ProxyParseResult.Incomplete;
        }

        return input[0] == V2Format.Signature[0]
            ? ParseV2(input, options, materialize, datagram, out header)
            : ParseV1(input, options, materialize, datagram, out header);
    }

    // Each version has its own method so neither pays for the other's locals (the v1 path's stack frame is zeroed
    // on entry and is several times the v2 path's).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProxyParseResult ParseV2(ReadOnlySpan<byte> input, ProxyParserOptions options, bool materialize, bool datagram, out ProxyHeader? header)
    {
        header = null;

        // The version is refused only once its whole signature is here, so the outcome does not depend on
        // how the bytes were split.
        var signature = V2Parser.MatchSignature(input);
        if (!signature.IsComplete)
        {
            return signature;
        }

        if ((options.AcceptedVersions & ProxyVersions.V2) == 0)
        {
            return ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0);
        }

        var result = V2Parser.Parse(input, options, datagram, out var layout);
        if (materialize && result.IsComplete)
        {
            header = new ProxyHeader(input.Slice(0, result.BytesConsumed), layout);
        }

        return result;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProxyParseResult ParseV1(ReadOnlySpan<byte> input, ProxyParserOptions options, bool materialize, bool datagram, out ProxyHeader? header)
    {
        header = null;
        var prefix = V1Parser.MatchPrefix(input);
        if (!prefix.IsComplete)
        {
            return prefix;
        }

        if ((options.AcceptedVersions & ProxyVersions.V1) == 0)
        {
            return ProxyParseResult.Invalid(ProxyError.VersionNotAccepted, 0);
        }

        // v1 describes TCP connections only: a line in a datagram is refused as soon as its prefix is recognised.
        if (datagram && !options.AllowTransportMismatch)
        {
            return ProxyParseResult.Invalid(ProxyError.TransportMismatch, 0);
        }

        var result = V1Parser.Parse(input, options, out var fields);
        if (materialize && result.IsComplete)
        {
            header = new ProxyHeader(fields, null, 0, -1, null, result.BytesConsumed);
        }

        return result;
    }

    internal static ProxyProtocolException CreateException(ProxyParseResult result, ReadOnlySpan<byte> input, ProxyParserOptions options)
    {
        var error = result.IsIncomplete ? ProxyError.Truncated : result.Error;
        var offset = result.IsIncomplete ? input.Length : result.ErrorOffset;
        return options.IncludeInputInErrors
            ? new ProxyProtocolException(error, offset, InputExcerpt.Format(input, offset))
            : new ProxyProtocolException(error, offset);
    }

    private static ProxyParseResult ParseSequence(in ReadOnlySequence<byte> input, ProxyParserOptions options, bool materialize, out ProxyHeader? header)
    {
        if (input.IsSingleSegment)
        {
            return ParseCore(input.FirstSpan, options, materialize, datagram: false, out header);
        }

        // Copy only what the header can occupy: every v1 line and most v2 headers fit on the stack.
        Span<byte> small = stackalloc byte[SequenceStackBuffer];
        var available = (int)Math.Min(input.Length, SequenceStackBuffer);
        input.Slice(0, available).CopyTo(small);
        var result = ParseCore(small.Slice(0, available), options, materialize, datagram: false, out header);
        if (!result.IsIncomplete || available == input.Length)
        {
            return result;
        }

        // Still incomplete with more bytes buffered: a v2 header longer than the stack buffer, whose length was
        // already checked against the cap. Copy no more than what arrived.
        // Until all of it is here the answer is Incomplete (the fixed fields were checked above), so nothing is copied:
        // a long header trickling in over many reads is not copied again on each one.
        var total = V2Format.PrefixLength + BinaryPrimitives.ReadUInt16BigEndian(small.Slice(14));
        if (input.Length < total)
        {
            return ProxyParseResult.Incomplete;
        }

        var length = total;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            input.Slice(0, length).CopyTo(buffer);
            return ParseCore(buffer, options, materialize, datagram: false, out header);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
