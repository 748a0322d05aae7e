using System.Buffers;
using System.Buffers.Binary;

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

        Span<ushort> groups = stackalloc ushort[8];
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
            while (i < text.Length && HexValue(text[i]) is var h && h >= 0)
            {
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
                Span<byte> v4 = stackalloc byte[4];
                if (count > 6 || !TryParseIPv4(text.Slice(start), v4))
                {
                    return false;
                }

                groups[count++] = (ushort)((v4[0] << 8) | v4[1]);
                groups[count++] = (ushort)((v4[2] << 8) | v4[3]);
                i = text.Length;
                break;
            }

            if (i == start || count == 8)
            {
                return false;
            }

            groups[count++] = (ushort)value;
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

        destination.Slice(0, 16).Clear();
        var tail = ellipsis < 0 ? 0 : count - ellipsis;
        var head = count - tail;
        for (var g = 0; g < head; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(g * 2), groups[g]);
        }

        for (var g = 0; g < tail; g++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice((8 - tail + g) * 2), groups[head + g]);
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

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
