using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ProxyProtocol.Parsing;

/// <summary>
/// Strict address and port text for v1 lines. <see cref="System.Net.IPAddress.TryParse(string?, out System.Net.IPAddress?)"/>
/// is not used: it accepts octal, short IPv4 forms, brackets and zone ids, and it allocates.
/// </summary>
internal static class AddressText
{
    public const int MaxIPv4Length = 15;  // 255.255.255.255
    public const int MaxIPv6Length = 45;  // ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255
    public const int MaxPortLength = 5;

    private static readonly SearchValues<byte> AddressChars = SearchValues.Create("0123456789abcdefABCDEF:."u8);
    private static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    /// <summary>Exactly four decimal parts 0–255 joined by single dots, without leading zeros.</summary>
    public static bool TryParseIPv4(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var part = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < text.Length && IsDigit(text[i]) && i - start < 3)
            {
                value = (value * 10) + (text[i] - '0');
                i++;
            }

            var digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            destination[part++] = (byte)value;
            if (part == 4)
            {
                return i == text.Length;
            }

            if (i >= text.Length || text[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>
    /// RFC 4291 text: groups of 1–4 hex digits, at most one <c>::</c> standing for at least one zero group, an optional
    /// dotted IPv4 tail; no brackets, zone ids or ports.
    /// </summary>
    public static bool TryParseIPv6(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        if (text.Length < 2 || text.Length > MaxIPv6Length)
        {
            return false;
        }

        // Groups are written big-endian straight into the 16-byte destination; after a "::" the groups that follow are
        // moved to the end and the gap is zeroed. Nothing on the stack, so the method stays small and tiered.
        var count = 0;
        var ellipsis = -1;
        var i = 0;
        if (text[0] == ':')
        {
            if (text[1] != ':')
            {
                return false;
            }

            ellipsis = 0;
            i = 2;
        }

        while (i < text.Length)
        {
            var start = i;
            var value = 0;
            while (i < text.Length)
            {
                var h = HexValue(text[i]);
                if (h < 0)
                {
                    break;
                }

                if (i - start == 4)
                {
                    return false;
                }

                value = (value << 4) | h;
                i++;
            }

            if (i < text.Length && text[i] == '.')
            {
                // Dotted IPv4 tail: the last 32 bits.
                if (count > 6 || !TryParseIPv4(text.Slice(start), destination.Slice(count * 2, 4)))
                {
                    return false;
                }

                count += 2;
                break;
            }

            if (i == start || count == 8)
            {
                return false;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(count * 2), (ushort)value);
            count++;
            if (i == text.Length)
            {
                break;
            }

            if (text[i] != ':')
            {
                return false;
            }

            i++;
            if (i < text.Length && text[i] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = count;
                i++;
            }
            else if (i == text.Length)
            {
                return false; // trailing single colon
            }
        }

        if (ellipsis < 0 ? count != 8 : count > 7)
        {
            return false;
        }

        if (ellipsis >= 0)
        {
            var gap = 16 - (count * 2);
            destination.Slice(ellipsis * 2, (count - ellipsis) * 2).CopyTo(destination.Slice((ellipsis * 2) + gap));
            destination.Slice(ellipsis * 2, gap).Clear();
        }

        return true;
    }

    /// <summary>Decimal 0–65535 without sign, spaces or leading zeros (<c>0</c> itself is fine).</summary>
    public static bool TryParsePort(ReadOnlySpan<byte> text, out ushort port)
    {
        port = 0;
        if (text.IsEmpty || text.Length > MaxPortLength || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (!IsDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        if (value > ushort.MaxValue)
        {
            return false;
        }

        port = (ushort)value;
        return true;
    }

    /// <summary>Whether an unterminated token can still become a valid address of either family.</summary>
    public static bool IsAddressPrefix(ReadOnlySpan<byte> text) =>
        text.Length <= MaxIPv6Length && text.IndexOfAnyExcept(AddressChars) < 0;

    /// <summary>Whether an unterminated token can still become a valid port.</summary>
    public static bool IsPortPrefix(ReadOnlySpan<byte> text) =>
        text.Length <= MaxPortLength && text.IndexOfAnyExcept(Digits) < 0 && !(text.Length > 1 && text[0] == '0');

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HexValue(byte c)
    {
        var digit = (uint)(c - '0');
        if (digit <= 9)
        {
            return (int)digit;
        }

        var letter = (uint)((c | 0x20) - 'a'); // 'A'-'F' and 'a'-'f' only
        return letter <= 5 ? (int)letter + 10 : -1;
    }
}
