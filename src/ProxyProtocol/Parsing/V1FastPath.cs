using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Parsing;

/// <summary>
/// The common v1 case in one pass: a complete, valid <c>TCP4</c> or <c>TCP6</c> line, fields parsed as they are
/// scanned, without a separate search for the line's end or the separators. It only ever accepts. Anything else
/// (incomplete, invalid, <c>UNKNOWN</c>, IPv4 in <c>TCP6</c>, an IPv6 address with a dotted tail) returns false and
/// <see cref="V1Parser"/>'s field-by-field path decides, so error codes, offsets and Incomplete decisions stay that
/// path's alone. What this accepts is a subset of what that path accepts, with the same fields (tests compare the two).
/// </summary>
internal static class V1FastPath
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const byte SP = (byte)' ';
    private const int FirstField = 11; // "PROXY TCP4 "
    private const int GroupWindow = 6; // an IPv6 group's four digits and "::"

    private static readonly uint Tcp4 = BinaryPrimitives.ReadUInt32LittleEndian("TCP4"u8);
    private static readonly uint Tcp6 = BinaryPrimitives.ReadUInt32LittleEndian("TCP6"u8);

    /// <summary>Parses a whole line after the "PROXY " prefix (already matched); false when the slow path must decide.</summary>
    public static bool TryParse(ReadOnlySpan<byte> input, out HeaderFields fields, out int length)
    {
        fields = default;
        length = 0;

        // Nothing past byte 107 can belong to the line, so reading stops there: a CRLF found within is the end.
        var t = input.Length > V2Format.MaxV1Length ? input.Slice(0, V2Format.MaxV1Length) : input;
        if (t.Length <= FirstField || t[FirstField - 1] != SP)
        {
            return false;
        }

        var protocol = BinaryPrimitives.ReadUInt32LittleEndian(t.Slice(V1Parser.PrefixLength));
        int p;
        if (protocol == Tcp4)
        {
            p = IPv4(t, FirstField, fields.SourceAddress);
            p = IsAt(t, p, SP) ? IPv4(t, p + 1, fields.DestinationAddress) : -1;
            fields.Family = ProxyAddressFamily.InterNetwork;
        }
        else if (protocol == Tcp6)
        {
            p = IPv6(t, FirstField, fields.SourceAddress);
            p = IsAt(t, p, SP) ? IPv6(t, p + 1, fields.DestinationAddress) : -1;
            fields.Family = ProxyAddressFamily.InterNetworkV6;
        }
        else
        {
            return false;
        }

        p = IsAt(t, p, SP) ? Port(t, p + 1, out fields.SourcePort) : -1;
        p = IsAt(t, p, SP) ? Port(t, p + 1, out fields.DestinationPort) : -1;
        if (!IsAt(t, p, CR) || !IsAt(t, p + 1, LF))
        {
            return false;
        }

        fields.Version = ProxyVersion.V1;
        fields.Command = ProxyCommand.Proxy;
        fields.Transport = ProxyTransport.Stream;
        length = p + 2;
        return true;
    }

    // Whether position p (-1 after a failed field) holds c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsAt(ReadOnlySpan<byte> t, int p, byte c) => (uint)p < (uint)t.Length && t[p] == c;

    // Past the end reads as NUL, which no field accepts, so every scan stops there without a separate length check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte At(ReadOnlySpan<byte> t, int i) => (uint)i < (uint)t.Length ? t[i] : (byte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digit(ReadOnlySpan<byte> t, int i) => (uint)(At(t, i) - '0');

    // Four parts of 1-3 digits, 0-255, no leading zero: a "0" followed by a digit, or a fourth digit, leaves a digit
    // where the dot or the separator must be, so the line is refused.
    private static int IPv4(ReadOnlySpan<byte> t, int p, Span<byte> destination)
    {
        var i = p;
        uint address = 0;
        for (var part = 0; ; part++)
        {
            var value = Digit(t, i);
            if (value > 9)
            {
                return -1;
            }

            i++;
            var d = Digit(t, i);
            if (d <= 9 && value != 0)
            {
                value = (value * 10) + d;
                i++;
                d = Digit(t, i);
                if (d <= 9)
                {
                    value = (value * 10) + d;
                    i++;
                    if (value > 255)
                    {
                        return -1;
                    }
                }
            }

            address = (address << 8) | value;
            if (part == 3)
            {
                break;
            }

            if (At(t, i) != (byte)'.')
            {
                return -1;
            }

            i++;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, address);
        return i;
    }

    // 0-65535 in at most five digits, no leading zero (a sixth digit or one after "0" is left for the caller to refuse).
    private static int Port(ReadOnlySpan<byte> t, int p, out ushort port)
    {
        port = 0;
        var i = p;
        var value = Digit(t, i);
        if (value > 9)
        {
            return -1;
        }

        i++;
        if (value != 0)
        {
            for (var n = 1; n < AddressText.MaxPortLength; n++)
            {
                var d = Digit(t, i);
                if (d > 9)
                {
                    break;
                }

                value = (value * 10) + d;
                i++;
            }

            if (value > ushort.MaxValue)
            {
                return -1;
            }
        }

        port = (ushort)value;
        return i;
    }

    // RFC 4291 groups without a dotted tail (that, and anything unusual, is the slow path's). The groups before a "::"
    // and those after it are accumulated separately, so the zeros it stands for fall out of one shift.
    private static int IPv6(ReadOnlySpan<byte> t, int p, Span<byte> destination)
    {
        var i = p;
        UInt128 head = 0;
        UInt128 tail = 0;
        var count = 0;
        var ellipsis = -1;
        if (At(t, i) == (byte)':')
        {
            if (At(t, i + 1) != (byte)':')
            {
                return -1;
            }

            ellipsis = 0;
            i += 2;
        }

        // A group is due unless the address ended with "::".
        while (ellipsis != count || HexValues[At(t, i)] <= 0xF)
        {
            // Every group of a valid line has at least seven bytes of the line from its start (a digit, then at least
            // " 0 0\r\n"), so one check covers its up to four digits and the one or two separator bytes after them.
            // Branches (not arithmetic) pick the length, so the position stays predictable and the next group's reads
            // need not wait for this one's. More than eight groups cannot pass the count check after the loop, and
            // each one advances at least two bytes of a bounded span, so the loop needs no count check of its own.
            if ((uint)(i + GroupWindow) > (uint)t.Length)
            {
                return -1;
            }

            // All four lookups are issued at once; a full group of four, the commonest, then needs one branch.
            ref var s = ref Unsafe.Add(ref MemoryMarshal.GetReference(t), i);
            uint group = HexValues[s];
            uint h1 = HexValues[Unsafe.Add(ref s, 1)];
            uint h2 = HexValues[Unsafe.Add(ref s, 2)];
            uint h3 = HexValues[Unsafe.Add(ref s, 3)];
            if (group > 0xF)
            {
                return -1;
            }

            int n;
            if ((h1 | h2 | h3) <= 0xF)
            {
                group = (group << 12) | (h1 << 8) | (h2 << 4) | h3;
                n = 4;
            }
            else if (h1 > 0xF)
            {
                n = 1;
            }
            else if (h2 > 0xF)
            {
                group = (group << 4) | h1;
                n = 2;
            }
            else
            {
                group = (group << 8) | (h1 << 4) | h2;
                n = 3;
            }

            count++;
            tail = (tail << 16) | group;

            // n <= 4, so both separator bytes lie inside the checked window.
            if (Unsafe.Add(ref s, n) != (byte)':')
            {
                i += n;
                break;
            }

            if (Unsafe.Add(ref Unsafe.Add(ref s, n), 1) == (byte)':')
            {
                if (ellipsis >= 0)
                {
                    return -1;
                }

                ellipsis = count;
                head = tail;
                tail = 0;
                i += n + 2;
            }
            else
            {
                i += n + 1;
            }
        }

        if (ellipsis < 0 ? count != 8 : count > 7)
        {
            return -1;
        }

        // Without "::" head is zero and tail holds all eight groups.
        var address = ellipsis > 0 ? (head << (16 * (8 - ellipsis))) | tail : tail;
        BinaryPrimitives.WriteUInt128BigEndian(destination, address);
        return i;
    }

    // Hex digit values; 0xFF for every other byte.
    private static ReadOnlySpan<byte> HexValues =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
}
