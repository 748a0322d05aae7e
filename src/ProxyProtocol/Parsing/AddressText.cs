using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProxyProtocol.Parsing;

/// <summary>
/// Strict address and port text, the one grammar for v1 lines and <see cref="ProxyAddressText"/>.
/// <see cref="System.Net.IPAddress.TryParse(string?, out System.Net.IPAddress?)"/> is not used: it accepts octal,
/// short IPv4 forms, brackets and zone ids, and it allocates.
/// </summary>
/// <remarks>
/// The <c>Parse…</c> methods read a field where it stands in a longer text, from <c>start</c> up to the first byte that
/// cannot continue it, and return that byte's index (or -1): the caller checks that it is the expected separator, so a
/// line is parsed in one pass. A byte that could continue the field (a fourth digit, a digit after a leading 0) is left
/// there for the caller to refuse. The <c>TryParse…</c> methods take exactly one field.
/// </remarks>
internal static class AddressText
{
    public const int MaxIPv6Length = 45;  // ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255
    public const int MaxPortLength = 5;

    /// <summary>
    /// How far <see cref="ParseIPv6"/> reads from the start of each group: four digits and two separators at once. It
    /// fails when the text ends sooner, so text that may end right after an address is copied into a buffer with this
    /// many more bytes (zeros) first. A valid v1 line always has them (<c>" 0 0\r\n"</c> follows the last address).
    /// </summary>
    public const int IPv6ReadAhead = 6;

    private static readonly SearchValues<byte> AddressChars = SearchValues.Create("0123456789abcdefABCDEF:."u8);
    private static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    /// <summary>Exactly four decimal parts 0–255 joined by single dots, without leading zeros.</summary>
    // Out of line, so that a v1 line's parse does not carry the IPv4 code on its IPv6 path.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int ParseIPv4(ReadOnlySpan<byte> text, int start, Span<byte> destination)
    {
        var end = ReadIPv4(text, start, out var address);
        if (end >= 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, address);
        }

        return end;
    }

    /// <summary>
    /// RFC 4291 text: groups of 1–4 hex digits, at most one <c>::</c> standing for at least one zero group, an optional
    /// dotted IPv4 tail; no brackets, zone ids or ports. Needs <see cref="IPv6ReadAhead"/> bytes from each group's start.
    /// </summary>
    public static int ParseIPv6(ReadOnlySpan<byte> text, int start, Span<byte> destination)
    {
        // The groups before a "::" and those after it are accumulated separately, so the zeros it stands for fall out
        // of one shift.
        var i = start;
        UInt128 head = 0;
        UInt128 tail = 0;
        var count = 0;
        var ellipsis = -1;
        if (At(text, i) == (byte)':')
        {
            if (At(text, i + 1) != (byte)':')
            {
                return -1;
            }

            ellipsis = 0;
            i += 2;
        }

        // A group is due unless the address ended with "::". More than eight groups cannot pass the count check after
        // the loop, and each one advances at least two bytes of a bounded text, so the loop needs no count check.
        while (ellipsis != count || HexValues[At(text, i)] <= 0xF)
        {
            // One check covers a group's up to four digits and the one or two separator bytes after them. Branches (not
            // arithmetic) pick the length, so the position stays predictable and the next group's reads need not wait.
            if ((uint)(i + IPv6ReadAhead) > (uint)text.Length)
            {
                return -1;
            }

            // All four lookups are issued at once; a full group of four, the commonest, then needs one branch.
            ref var s = ref Unsafe.Add(ref MemoryMarshal.GetReference(text), i);
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
            var separator = Unsafe.Add(ref s, n);
            if (separator != (byte)':')
            {
                i += n;
                break;
            }

            if (Unsafe.Add(ref s, n + 1) == (byte)':')
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

        return At(text, i) == (byte)'.'
            ? ParseIPv4Tail(text, start, i, head, tail, count, ellipsis, destination)
            : EndIPv6(head, tail, count, ellipsis, i, destination);
    }

    // The groups stopped at a dot: the group read last, from the last colon to the dot, began a dotted IPv4 tail
    // (::ffff:192.0.2.1), the last 32 bits, which count as two groups. Off the loop, which then stays as small as when
    // it only read groups.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ParseIPv4Tail(ReadOnlySpan<byte> text, int start, int dot, UInt128 head, UInt128 tail, int count, int ellipsis, Span<byte> destination)
    {
        var part = dot;
        while (part > start && text[part - 1] != (byte)':')
        {
            part--;
        }

        var end = ReadIPv4(text, part, out var ipv4);
        return end < 0 || count > 7 ? -1 : EndIPv6(head, ((tail >> 16) << 32) | ipv4, count + 1, ellipsis, end, destination);
    }

    // The number of groups must fit the "::" (or its absence); then the address is written.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EndIPv6(UInt128 head, UInt128 tail, int count, int ellipsis, int end, Span<byte> destination)
    {
        if (ellipsis < 0 ? count != 8 : count > 7)
        {
            return -1;
        }

        // Without "::" head is zero and tail holds all the groups.
        var address = ellipsis > 0 ? (head << (16 * (8 - ellipsis))) | tail : tail;
        BinaryPrimitives.WriteUInt128BigEndian(destination, address);
        return end;
    }

    /// <summary>Decimal 0–65535 in at most five digits, without sign or leading zeros (<c>0</c> itself is fine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ParsePort(ReadOnlySpan<byte> text, int start, out ushort port)
    {
        port = 0;
        var i = start;
        var value = Digit(text, i);
        if (value > 9)
        {
            return -1;
        }

        i++;
        if (value != 0)
        {
            for (var n = 1; n < MaxPortLength; n++)
            {
                var d = Digit(text, i);
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

    /// <summary>The whole of <paramref name="text"/> is an IPv4 address (<see cref="ParseIPv4"/>).</summary>
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, Span<byte> destination) =>
        ParseIPv4(text, 0, destination) == text.Length;

    /// <summary>The whole of <paramref name="text"/> is an IPv6 address (<see cref="ParseIPv6"/>).</summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        if (text.Length > MaxIPv6Length)
        {
            return false;
        }

        Span<byte> padded = stackalloc byte[MaxIPv6Length + IPv6ReadAhead];
        text.CopyTo(padded);
        padded.Slice(text.Length).Clear();
        return ParseIPv6(padded, 0, destination) == text.Length;
    }

    /// <summary>The whole of <paramref name="text"/> is a port (<see cref="ParsePort"/>).</summary>
    public static bool TryParsePort(ReadOnlySpan<byte> text, out ushort port) =>
        ParsePort(text, 0, out port) == text.Length;

    /// <summary>Whether an unterminated token can still become a valid address of either family.</summary>
    public static bool IsAddressPrefix(ReadOnlySpan<byte> text) =>
        text.Length <= MaxIPv6Length && text.IndexOfAnyExcept(AddressChars) < 0;

    /// <summary>Whether an unterminated token can still become a valid port.</summary>
    public static bool IsPortPrefix(ReadOnlySpan<byte> text) =>
        text.Length <= MaxPortLength && text.IndexOfAnyExcept(Digits) < 0 && !(text.Length > 1 && text[0] == '0');

    // Four parts of 1-3 digits, 0-255, no leading zero: a "0" followed by a digit, or a fourth digit, leaves a digit
    // where the dot or the separator must be, so the caller refuses it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ReadIPv4(ReadOnlySpan<byte> text, int start, out uint address)
    {
        address = 0;
        var i = start;
        for (var part = 0; ; part++)
        {
            var value = Digit(text, i);
            if (value > 9)
            {
                return -1;
            }

            i++;
            var d = Digit(text, i);
            if (d <= 9 && value != 0)
            {
                value = (value * 10) + d;
                i++;
                d = Digit(text, i);
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
                return i;
            }

            if (At(text, i) != (byte)'.')
            {
                return -1;
            }

            i++;
        }
    }

    // Past the end reads as NUL, which no field accepts, so every scan stops there without a separate length check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte At(ReadOnlySpan<byte> text, int i) => (uint)i < (uint)text.Length ? text[i] : (byte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Digit(ReadOnlySpan<byte> text, int i) => (uint)(At(text, i) - '0');

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
