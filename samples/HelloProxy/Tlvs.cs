using System.Globalization;
using System.Text;
using ProxyProtocol;

namespace HelloProxy;

/// <summary>Prints the header's TLVs through the typed accessors the generator adds; any other TLV as type and length.</summary>
internal static class Tlvs
{
    public static void Append(ProxyHeader header, StringBuilder text)
    {
        if (header.Alpn is { } alpn)
        {
            Line(text, $"ALPN: {Printable(alpn.Span)}");
        }

        if (header.Authority is { } authority)
        {
            Line(text, $"Authority: {Printable(authority)}");
        }

        if (header.Crc32CVerified is { } verified)
        {
            Line(text, $"CRC32C: {(verified ? "verified" : "MISMATCH")}");
        }

        if (header.UniqueId is { } uniqueId)
        {
            Line(text, $"Unique ID: {Convert.ToHexString(uniqueId.Span)}");
        }

        if (header.Ssl is { } ssl)
        {
            Line(text, $"SSL: client used TLS={(ssl.Client & SslClientFlags.Ssl) != 0}, client certificate verified={ssl.IsClientCertificateVerified}, version={Printable(ssl.Version)}, cn={Printable(ssl.CommonName)}, cipher={Printable(ssl.Cipher)}");
        }

        if (header.AwsVpcEndpointId is { } vpce)
        {
            Line(text, $"AWS VPC endpoint: {Printable(vpce)}");
        }

        if (header.AzurePrivateLinkId is { } linkId)
        {
            Line(text, $"Azure Private Link ID: {linkId}");
        }

        if (header.GcpPscConnectionId is { } pscId)
        {
            Line(text, $"GCP PSC connection ID: {pscId}");
        }

        foreach (var tlv in header.Tlvs)
        {
            if (!IsShownAbove(tlv.Type))
            {
                Line(text, $"0x{tlv.Type:X2}: {tlv.Value.Length} bytes");
            }
        }
    }

    private static bool IsShownAbove(byte type) => type is ProxyTlvTypes.Alpn or ProxyTlvTypes.Authority or ProxyTlvTypes.Crc32C
        or ProxyTlvTypes.Noop or ProxyTlvTypes.UniqueId or ProxyTlvTypes.Ssl or ProxyTlvTypes.AwsVpcEndpointId
        or ProxyTlvTypes.AzurePrivateLinkId or ProxyTlvTypes.GcpPscConnectionId;

    private static void Line(StringBuilder text, string line) => text.Append("TLV ").Append(line).Append('\n');

    // TLV values come from the network: show printable ASCII only, at most 256 characters.
    private static string Printable(string? value) => value is null ? "-" : Printable(Encoding.UTF8.GetBytes(value));

    private static string Printable(ReadOnlySpan<byte> value)
    {
        var chars = new char[Math.Min(value.Length, 256)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = value[i] is >= 0x20 and < 0x7F ? (char)value[i] : '?';
        }

        return new string(chars, 0, chars.Length).ToString(CultureInfo.InvariantCulture);
    }
}
