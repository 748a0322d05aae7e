using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool;

/// <summary>
/// Parses endpoints given on the command line: <c>ip:port</c> with IPv6 in brackets (<c>[2001:db8::1]:443</c>), or
/// <c>host:port</c> where a name is allowed. Addresses are read by <see cref="ProxyAddressText"/> (four-part decimal
/// IPv4 only, no zone ids); ports are 0..65535 in decimal.
/// </summary>
internal static class EndpointText
{
    public static IPEndPoint ParseIP(string text, string flag)
    {
        var (host, port) = Split(text, flag);
        return new IPEndPoint(ParseAddress(host, text, flag) ?? throw Bad(text, flag, "the address is not an IPv4 or IPv6 address"), port);
    }

    /// <summary>Parses <c>host:port</c>; a literal address gives an <see cref="IPEndPoint"/>, a name a <see cref="DnsEndPoint"/>.</summary>
    public static EndPoint ParseHost(string text, string flag)
    {
        var (host, port) = Split(text, flag);
        if (ParseAddress(host, text, flag) is { } address)
        {
            return new IPEndPoint(address, port);
        }

        if (host.Length == 0 || host.Length > 253 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            throw Bad(text, flag, "the host is not an IP address or a DNS name");
        }

        return new DnsEndPoint(host, port);
    }

    public static string Format(EndPoint? endPoint) => endPoint switch
    {
        IPEndPoint ip when ip.AddressFamily == AddressFamily.InterNetworkV6 => $"[{ip.Address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => $"{ip.Address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        null => "-",
        _ => endPoint.ToString() ?? "-",
    };

    private static (string Host, int Port) Split(string text, string flag)
    {
        string host, port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                throw Bad(text, flag, "expected [IPv6]:port");
            }

            host = text[1..close];
            port = text[(close + 2)..];
            if (!host.Contains(':', StringComparison.Ordinal))
            {
                throw Bad(text, flag, "brackets are only for IPv6 addresses");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                throw Bad(text, flag, "expected host:port");
            }

            host = text[..colon];
            port = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                throw Bad(text, flag, "write IPv6 addresses in brackets, as [2001:db8::1]:443");
            }
        }

        if (port.Length is 0 or > 5 || !port.All(char.IsAsciiDigit) || (port.Length > 1 && port[0] == '0')
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 65535)
        {
            throw Bad(text, flag, "the port must be a decimal number from 0 to 65535");
        }

        return (host, value);
    }

    private static IPAddress? ParseAddress(string host, string text, string flag)
    {
        if (host.Contains(':', StringComparison.Ordinal))
        {
            return ProxyAddressText.TryParseAddress(host, out var v6) ? v6 : throw Bad(text, flag, "the IPv6 address is not valid");
        }

        var parts = host.Split('.');
        if (parts.Length == 4 && parts.All(p => p.All(char.IsAsciiDigit)))
        {
            return ProxyAddressText.TryParseAddress(host, out var v4) ? v4 : throw Bad(text, flag, "each IPv4 part must be 0..255 without leading zeros");
        }

        if (host.Length > 0 && host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            throw Bad(text, flag, "an IPv4 address has four parts, as 192.0.2.1");
        }

        return null;
    }

    private static UsageException Bad(string text, string flag, string why) => new($"{flag} '{text}': {why}.");
}
