using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text;
using ProxyProtocol.Parsing;

namespace ProxyProtocol;

/// <summary>
/// Strict text for IP addresses, endpoints and networks, with the address grammar of PROXY protocol v1 lines: for
/// configuration and command lines that name proxies and peers, where a form read two ways is a security risk.
/// </summary>
/// <remarks>
/// <para>An <b>IPv4 address</b> is exactly four decimal parts 0–255 joined by dots, without leading zeros:
/// <c>192.0.2.1</c>, but not <c>192.0.2</c>, <c>3221225985</c>, <c>0x7f.0.0.1</c> or <c>010.0.0.1</c>.</para>
/// <para>An <b>IPv6 address</b> is RFC 4291 text: eight groups of one to four hex digits (either case) joined by colons,
/// at most one <c>::</c> standing for one or more zero groups, and optionally a dotted IPv4 address as the last 32 bits
/// (<c>::ffff:192.0.2.1</c>). No brackets (except around an endpoint's address), zone ids (<c>fe80::1%eth0</c>) or
/// trailing port.</para>
/// <para>Nothing else: no white space anywhere (trim first), no signs, no characters outside ASCII. Unlike
/// <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>, which also takes short and octal IPv4 forms,
/// brackets and zone ids, each accepted text has one meaning. Every address <see cref="IPAddress.ToString"/> writes
/// (without a scope id) is accepted.</para>
/// </remarks>
public static class ProxyAddressText
{
    // The longest text accepted: "[" IPv6 "]:" port.
    private const int MaxLength = 1 + AddressText.MaxIPv6Length + 2 + AddressText.MaxPortLength;

    /// <summary>Parses an IPv4 or IPv6 address (see the remarks on <see cref="ProxyAddressText"/>).</summary>
    /// <param name="text">The address, such as <c>192.0.2.1</c> or <c>2001:db8::1</c>.</param>
    /// <param name="address">The address; null when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> is exactly one address.</returns>
    public static bool TryParseAddress(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        Span<byte> buffer = stackalloc byte[MaxLength + AddressText.IPv6ReadAhead];
        Span<byte> bytes = stackalloc byte[16];
        var size = TryTranscode(text, buffer) ? ParseAddress(buffer, text.Length, bytes) : 0;
        if (size == 0)
        {
            return false;
        }

        address = new IPAddress(bytes.Slice(0, size));
        return true;
    }

    /// <summary>
    /// Parses an endpoint: an IPv4 address and a port, <c>192.0.2.1:443</c>, or an IPv6 address in brackets and a port,
    /// <c>[2001:db8::1]:443</c>. The port is decimal 0–65535 without sign or leading zeros.
    /// </summary>
    /// <param name="text">The endpoint.</param>
    /// <param name="endPoint">The endpoint; null when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> is exactly one endpoint.</returns>
    public static bool TryParseEndPoint(ReadOnlySpan<char> text, [NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        Span<byte> buffer = stackalloc byte[MaxLength + AddressText.IPv6ReadAhead];
        Span<byte> bytes = stackalloc byte[16];
        if (!TryTranscode(text, buffer))
        {
            return false;
        }

        int end;
        int size;
        if (buffer[0] == (byte)'[')
        {
            end = AddressText.ParseIPv6(buffer, 1, bytes);
            end = end >= 0 && buffer[end] == (byte)']' ? end + 1 : -1;
            size = 16;
        }
        else
        {
            end = AddressText.ParseIPv4(buffer, 0, bytes);
            size = 4;
        }

        if (end < 0 || buffer[end] != (byte)':' || AddressText.ParsePort(buffer, end + 1, out var port) != text.Length)
        {
            return false;
        }

        endPoint = new IPEndPoint(new IPAddress(bytes.Slice(0, size)), port);
        return true;
    }

    /// <summary>
    /// Parses a network in CIDR form, an address, <c>/</c> and a prefix length (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>),
    /// or a bare address, which is the network of that one host (<c>/32</c> or <c>/128</c>). The prefix length is decimal
    /// without sign or leading zeros, at most 32 for IPv4 and 128 for IPv6. The address must have no bits set after the
    /// prefix: <c>10.0.0.1/8</c> is refused, as it is most often a typo for another prefix.
    /// </summary>
    /// <param name="text">The network.</param>
    /// <param name="network">The network; default when the text is not one.</param>
    /// <returns>Whether <paramref name="text"/> is exactly one network.</returns>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IPNetwork network)
    {
        network = default;
        Span<byte> buffer = stackalloc byte[MaxLength + AddressText.IPv6ReadAhead];
        Span<byte> bytes = stackalloc byte[16];
        if (!TryTranscode(text, buffer))
        {
            return false;
        }

        var slash = buffer.Slice(0, text.Length).IndexOf((byte)'/');
        var size = ParseAddress(buffer, slash < 0 ? text.Length : slash, bytes);
        if (size == 0)
        {
            return false;
        }

        var prefix = size * 8;
        if (slash >= 0)
        {
            // A prefix length has a port's grammar, with a smaller range.
            if (AddressText.ParsePort(buffer, slash + 1, out var length) != text.Length || length > prefix)
            {
                return false;
            }

            prefix = length;
        }

        var address = bytes.Slice(0, size);
        for (var bit = prefix; bit < size * 8; bit++)
        {
            if ((address[bit >> 3] & (0x80 >> (bit & 7))) != 0)
            {
                return false;
            }
        }

        network = new IPNetwork(new IPAddress(address), prefix);
        return true;
    }

    // ASCII text into the buffer, zeros after it: no field continues past a zero, and ParseIPv6 reads ahead.
    private static bool TryTranscode(ReadOnlySpan<char> text, Span<byte> buffer)
    {
        if (text.Length > MaxLength || Ascii.FromUtf16(text, buffer, out _) != OperationStatus.Done)
        {
            return false;
        }

        buffer.Slice(text.Length).Clear();
        return true;
    }

    // The first `length` bytes are exactly one address: its size in bytes (4 or 16), or 0.
    private static int ParseAddress(ReadOnlySpan<byte> buffer, int length, Span<byte> destination)
    {
        if (buffer.Slice(0, length).Contains((byte)':'))
        {
            return AddressText.ParseIPv6(buffer, 0, destination) == length ? 16 : 0;
        }

        return AddressText.ParseIPv4(buffer, 0, destination) == length ? 4 : 0;
    }
}
