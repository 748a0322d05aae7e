using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ProxyProtocol;

namespace HelloProxy;

/// <summary>Prints the header's TLVs: the common registered ones decoded, any other as type and length.</summary>
internal static class Tlvs
{
    public static void Append(ProxyHeader header, StringBuilder text)
    {
        foreach (var tlv in header.Tlvs)
        {
            var value = tlv.Value.Span;
            var line = tlv.Type switch
            {
                0x01 => $"ALPN: {Printable(value)}",
                0x02 => $"Authority: {Printable(value)}",
                0x03 => $"CRC32C: {(header.Crc32CVerified == true ? "verified" : "MISMATCH")}",
                0x04 => null, // NOOP padding
                0x05 => $"Unique ID: {Convert.ToHexString(value)}",
                0x20 => Ssl(value),
                _ => $"TLV 0x{tlv.Type:X2}: {value.Length} bytes",
            };
            if (line is not null)
            {
                text.Append("TLV ").Append(line).Append('\n');
            }
        }
    }

    private static string Ssl(ReadOnlySpan<byte> value)
    {
        if (value.Length < 5)
        {
            return "SSL: (malformed)";
        }

        var client = value[0];
        var verify = BinaryPrimitives.ReadUInt32BigEndian(value.Slice(1));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"SSL: client used TLS={(client & 0x01) != 0}, client certificate={(client & 0x06) != 0}, verify={verify}");
        var rest = value.Slice(5);
        while (rest.Length >= 3)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(1));
            if (rest.Length < 3 + length)
            {
                break;
            }

            var sub = rest.Slice(3, length);
            var name = rest[0] switch
            {
                0x21 => "version",
                0x22 => "cn",
                0x23 => "cipher",
                0x24 => "sig_alg",
                0x25 => "key_alg",
                _ => null,
            };
            if (name is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $", {name}={Printable(sub)}");
            }

            rest = rest.Slice(3 + length);
        }

        return text.ToString();
    }

    // TLV values come from the network: show printable ASCII only.
    private static string Printable(ReadOnlySpan<byte> value)
    {
        var chars = new char[Math.Min(value.Length, 256)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = value[i] is >= 0x20 and < 0x7F ? (char)value[i] : '?';
        }

        return new string(chars);
    }
}
