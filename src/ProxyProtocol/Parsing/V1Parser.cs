using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Parsing;

/// <summary>
/// The v1 text line, exactly as the spec's grammar: <c>PROXY SP (TCP4|TCP6) SP addr SP addr SP port SP port CRLF</c>
/// or <c>PROXY SP UNKNOWN [anything but CR/LF] CRLF</c>, at most 107 bytes. Fields are checked as soon as they are
/// terminated, so garbage is rejected early rather than after 107 bytes.
/// </summary>
internal static class V1Parser
{
    public const int PrefixLength = 6; // "PROXY "
    private const int FirstField = 11; // "PROXY TCP4 "
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte SP = (byte)' ';

    // "PROX" and "Y " as little-endian integers.
    private static readonly uint PrefixHead = BinaryPrimitives.ReadUInt32LittleEndian("PROX"u8);
    private static readonly ushort PrefixTail = BinaryPrimitives.ReadUInt16LittleEndian("Y "u8);

    private static readonly uint Tcp4 = BinaryPrimitives.ReadUInt32LittleEndian("TCP4"u8);
    private static readonly uint Tcp6 = BinaryPrimitives.ReadUInt32LittleEndian("TCP6"u8);

    private static ReadOnlySpan<byte> Prefix => "PROXY "u8;

    /// <summary>Checks the input against the "PROXY " prefix: Incomplete while it is a strict prefix of it.</summary>
    public static ProxyParseResult MatchPrefix(ReadOnlySpan<byte> input)
    {
        // Fast path: all six bytes are there and match.
        if (input.Length >= PrefixLength
            && BinaryPrimitives.ReadUInt32LittleEndian(input) == PrefixHead
            && BinaryPrimitives.ReadUInt16LittleEndian(input.Slice(4)) == PrefixTail)
        {
            return ProxyParseResult.Complete(PrefixLength);
        }

        var n = Math.Min(input.Length, PrefixLength);
        for (var i = 0; i < n; i++)
        {
            if (input[i] != Prefix[i])
            {
                return ProxyParseResult.Invalid(i < 5 ? ProxyError.UnrecognizedSignature : ProxyError.V1InvalidFieldSeparator, i);
            }
        }

        return n < PrefixLength ? ProxyParseResult.Incomplete : ProxyParseResult.Complete(PrefixLength);
    }

    /// <summary>
    /// Parses the line after the "PROXY " prefix (already matched). Each field is read where it stands, in one pass;
    /// only a field that does not end at its separator goes to <see cref="ParseField"/>, which finds the field's end and
    /// decides: the rare forms it accepts, or the error and its offset, or Incomplete.
    /// </summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input, ProxyParserOptions options, out HeaderFields fields)
    {
        fields = default;
        fields.Version = ProxyVersion.V1;
        fields.Command = ProxyCommand.Proxy;

        // Nothing past byte 107 can belong to the line.
        var line = input.Length > V2Format.MaxV1Length ? input.Slice(0, V2Format.MaxV1Length) : input;
        var protocol = line.Length >= FirstField && line[FirstField - 1] == SP
            ? BinaryPrimitives.ReadUInt32LittleEndian(line.Slice(PrefixLength))
            : 0;
        bool v6;
        if (protocol == Tcp4)
        {
            v6 = false;
            fields.Family = ProxyAddressFamily.InterNetwork;
        }
        else if (protocol == Tcp6)
        {
            v6 = true;
            fields.Family = ProxyAddressFamily.InterNetworkV6;
        }
        else
        {
            return ParseOtherProtocol(input, line);
        }

        fields.Transport = ProxyTransport.Stream;
        ProxyParseResult failure;
        var pos = FirstField;
        var end = v6 ? AddressText.ParseIPv6(line, pos, fields.SourceAddress) : AddressText.ParseIPv4(line, pos, fields.SourceAddress);
        if (!IsAt(line, end, SP) && (end = ParseField(input, line, 0, pos, v6, options, ref fields, out failure)) < 0)
        {
            return failure;
        }

        pos = end + 1;
        end = v6 ? AddressText.ParseIPv6(line, pos, fields.DestinationAddress) : AddressText.ParseIPv4(line, pos, fields.DestinationAddress);
        if (!IsAt(line, end, SP) && (end = ParseField(input, line, 1, pos, v6, options, ref fields, out failure)) < 0)
        {
            return failure;
        }

        pos = end + 1;
        end = AddressText.ParsePort(line, pos, out fields.SourcePort);
        if (!IsAt(line, end, SP) && (end = ParseField(input, line, 2, pos, v6, options, ref fields, out failure)) < 0)
        {
            return failure;
        }

        pos = end + 1;
        end = AddressText.ParsePort(line, pos, out fields.DestinationPort);
        if (!IsAt(line, end, CR) && (end = ParseField(input, line, 3, pos, v6, options, ref fields, out failure)) < 0)
        {
            return failure;
        }

        // The line is at most 107 bytes, so an LF found in it is not too far.
        return IsAt(line, end + 1, LF) ? ProxyParseResult.Complete(end + 2) : ExpectLf(input, end + 1);
    }

    /// <summary>Any line whose protocol is not <c>TCP4</c> or <c>TCP6</c> followed by a space: <c>UNKNOWN</c>, an error, or Incomplete.</summary>
    private static ProxyParseResult ParseOtherProtocol(ReadOnlySpan<byte> input, ReadOnlySpan<byte> line)
    {
        var end = IndexOfTerminator(line.Slice(PrefixLength));
        if (end < 0)
        {
            var partial = line.Slice(PrefixLength);
            return "TCP4"u8.StartsWith(partial) || "TCP6"u8.StartsWith(partial) || "UNKNOWN"u8.StartsWith(partial)
                ? Unterminated(input)
                : ProxyParseResult.Invalid(ProxyError.V1InvalidProtocol, PrefixLength);
        }

        end += PrefixLength;
        var token = line.Slice(PrefixLength, end - PrefixLength);
        if (token.SequenceEqual("UNKNOWN"u8))
        {
            return ParseUnknownTail(input, line, end);
        }

        if (!token.SequenceEqual("TCP4"u8) && !token.SequenceEqual("TCP6"u8))
        {
            return ProxyParseResult.Invalid(ProxyError.V1InvalidProtocol, PrefixLength);
        }

        // TCP4 or TCP6 then a space is Parse's; here the byte after them is CR or LF.
        Debug.Assert(line[end] != SP, "TCP4 and TCP6 followed by a space are parsed by Parse.");
        return ProxyParseResult.Invalid(line[end] == LF ? ProxyError.V1InvalidLineEnding : ProxyError.V1InvalidFieldSeparator, end);
    }

    /// <summary>
    /// Field <paramref name="field"/> (0–3: source and destination address, source and destination port) at
    /// <paramref name="pos"/>, when it did not end at its separator where it stands: it is checked as a token ended by
    /// the first SP, CR or LF. Returns the token's end, or -1 with the result to return.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ParseField(
        ReadOnlySpan<byte> input, ReadOnlySpan<byte> line, int field, int pos, bool v6, ProxyParserOptions options, ref HeaderFields fields, out ProxyParseResult failure)
    {
        failure = default;
        var end = IndexOfTerminator(line.Slice(pos));
        if (end < 0)
        {
            var partial = line.Slice(pos);
            var plausible = field >= 2 ? AddressText.IsPortPrefix(partial) : AddressText.IsAddressPrefix(partial);
            failure = plausible ? Unterminated(input) : ProxyParseResult.Invalid(FieldError(field), pos);
            return -1;
        }

        end += pos;
        var token = line.Slice(pos, end - pos);
        var terminator = line[end];
        var separated = terminator != LF && end != pos && (terminator == CR) == (field == 3);
        var error = !separated ? ProxyError.None : field switch
        {
            0 => ParseAddress(token, v6, options, fields.SourceAddress, ProxyError.V1InvalidSourceAddress),
            1 => ParseAddress(token, v6, options, fields.DestinationAddress, ProxyError.V1InvalidDestinationAddress),
            2 => AddressText.TryParsePort(token, out fields.SourcePort) ? ProxyError.None : ProxyError.V1InvalidSourcePort,
            _ => AddressText.TryParsePort(token, out fields.DestinationPort) ? ProxyError.None : ProxyError.V1InvalidDestinationPort,
        };
        if (!separated || error != ProxyError.None)
        {
            failure = FieldFailure(field, token, pos, end, terminator, error);
            return -1;
        }

        return end;
    }

    /// <summary>
    /// Which error a failed field reports, checked in this order. What the field holds is judged before its terminator,
    /// as when the terminator has not arrived yet, so the verdict does not depend on where the bytes were split. (A field
    /// that parses always passes the first check, so the common path does not run it.)
    /// </summary>
    private static ProxyParseResult FieldFailure(int field, ReadOnlySpan<byte> token, int pos, int end, byte terminator, ProxyError parseError)
    {
        if (!(field >= 2 ? AddressText.IsPortPrefix(token) : AddressText.IsAddressPrefix(token)))
        {
            return ProxyParseResult.Invalid(FieldError(field), pos);
        }

        if (terminator == LF)
        {
            return ProxyParseResult.Invalid(ProxyError.V1InvalidLineEnding, end);
        }

        if (end == pos || (terminator == CR) != (field == 3))
        {
            return ProxyParseResult.Invalid(ProxyError.V1InvalidFieldSeparator, end);
        }

        return ProxyParseResult.Invalid(parseError, pos);
    }

    private static ProxyParseResult ParseUnknownTail(ReadOnlySpan<byte> input, ReadOnlySpan<byte> line, int end)
    {
        // UNKNOWN must be followed by a space or the CRLF; what lies between is ignored, but a lone CR or LF is
        // never taken for the end of the line.
        if (line[end] == LF)
        {
            return ProxyParseResult.Invalid(ProxyError.V1InvalidLineEnding, end);
        }

        var cr = line.Slice(end).IndexOfAny(CR, LF);
        if (cr < 0)
        {
            return Unterminated(input);
        }

        cr += end;
        return line[cr] == LF ? ProxyParseResult.Invalid(ProxyError.V1InvalidLineEnding, cr) : ExpectLf(input, cr + 1);
    }

    private static ProxyParseResult ExpectLf(ReadOnlySpan<byte> input, int lfIndex)
    {
        if (lfIndex >= V2Format.MaxV1Length)
        {
            return ProxyParseResult.Invalid(ProxyError.V1LineTooLong, V2Format.MaxV1Length);
        }

        if (lfIndex >= input.Length)
        {
            return ProxyParseResult.Incomplete;
        }

        return input[lfIndex] == LF
            ? ProxyParseResult.Complete(lfIndex + 1)
            : ProxyParseResult.Invalid(ProxyError.V1InvalidLineEnding, lfIndex - 1);
    }

    // The line has not ended within the bytes we have: wait, unless 107 bytes are already here.
    private static ProxyParseResult Unterminated(ReadOnlySpan<byte> input) =>
        input.Length >= V2Format.MaxV1Length
            ? ProxyParseResult.Invalid(ProxyError.V1LineTooLong, V2Format.MaxV1Length)
            : ProxyParseResult.Incomplete;

    private static ProxyError FieldError(int field) => field switch
    {
        0 => ProxyError.V1InvalidSourceAddress,
        1 => ProxyError.V1InvalidDestinationAddress,
        2 => ProxyError.V1InvalidSourcePort,
        _ => ProxyError.V1InvalidDestinationPort,
    };

    private static ProxyError ParseAddress(ReadOnlySpan<byte> token, bool v6, ProxyParserOptions options, Span<byte> destination, ProxyError invalid)
    {
        if (!v6)
        {
            if (AddressText.TryParseIPv4(token, destination))
            {
                return ProxyError.None;
            }

            return token.Contains((byte)':') && IsIPv6(token) ? ProxyError.V1AddressFamilyMismatch : invalid;
        }

        if (token.Contains((byte)':'))
        {
            return AddressText.TryParseIPv6(token, destination) ? ProxyError.None : invalid;
        }

        return ParseIPv4InTcp6(token, options, destination, invalid);
    }

    // Whether position p (-1 after a failed field) holds c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAt(ReadOnlySpan<byte> line, int p, byte c) => (uint)p < (uint)line.Length && line[p] == c;

    // The first SP, CR or LF. A plain loop: fields are a few bytes long, shorter than a vectorised search's setup.
    private static int IndexOfTerminator(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is SP or CR or LF)
            {
                return i;
            }
        }

        return -1;
    }

    // The rare paths keep their scratch buffers out of the common one (a stack buffer is zeroed on every call).
    private static bool IsIPv6(ReadOnlySpan<byte> token)
    {
        Span<byte> scratch = stackalloc byte[16];
        return AddressText.TryParseIPv6(token, scratch);
    }

    private static ProxyError ParseIPv4InTcp6(ReadOnlySpan<byte> token, ProxyParserOptions options, Span<byte> destination, ProxyError invalid)
    {
        Span<byte> scratch = stackalloc byte[4];
        if (!AddressText.TryParseIPv4(token, scratch))
        {
            return invalid;
        }

        if (!options.AllowIPv4InTcp6)
        {
            return ProxyError.V1AddressFamilyMismatch;
        }

        // nginx leniency: map a.b.c.d to ::ffff:a.b.c.d so both endpoints stay IPv6.
        destination.Slice(0, 10).Clear();
        destination[10] = 0xFF;
        destination[11] = 0xFF;
        scratch.CopyTo(destination.Slice(12));
        return ProxyError.None;
    }
}
