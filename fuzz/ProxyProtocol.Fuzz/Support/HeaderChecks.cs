using System.Net.Sockets;

namespace ProxyProtocol.Fuzz.Support;

/// <summary>Touches every accessor of a parsed header and checks what must hold for any header the parser accepts.</summary>
internal static class HeaderChecks
{
    public static void Exercise(ProxyHeader header, int bytesConsumed)
    {
        Check.Equal(bytesConsumed, header.HeaderLength);
        Check.That(header.Equals(header) && header.GetHashCode() == header.GetHashCode());
        Check.That(!string.IsNullOrEmpty(header.ToString()));

        if (header.HasIPEndPoints)
        {
            var source = header.Source;
            var destination = header.Destination;
            Check.That(source is not null && destination is not null);
            var expected = header.AddressFamily == ProxyAddressFamily.InterNetwork ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
            Check.Equal(expected, source.AddressFamily);
            Check.Equal(expected, destination.AddressFamily);
            Check.That(source.Port is >= 0 and <= ushort.MaxValue);
        }
        else
        {
            Check.That(header.Source is null && header.Destination is null);
        }

        var unix = header.Command == ProxyCommand.Proxy && header.AddressFamily == ProxyAddressFamily.Unix;
        Check.Equal(unix, header.SourceUnixPath is not null);
        Check.Equal(unix, header.DestinationUnixPath is not null);

        var tlvs = header.Tlvs;
        var count = 0;
        var framed = 0;
        foreach (var tlv in tlvs)
        {
            count++;
            framed += 3 + tlv.Value.Length;
            Check.That(header.TryGetTlv(tlv.Type, out var first));
            _ = first.Span.Length;
            _ = tlv.ToString();
        }

        // The collection's framing must cover its raw bytes exactly: the parser validated them.
        Check.Equal(tlvs.RawBytes.Length, framed);
        Check.Equal(count, tlvs.Count);
        if (header.Version == ProxyVersion.V1)
        {
            Check.Equal(0, count);
            Check.That(header.Crc32CVerified is null);
        }

        var length = header.GetEncodedLength();
        Check.That(length >= 15);
        Check.Equal(length, header.Encode().Length);
    }
}
