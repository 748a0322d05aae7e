using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace ProxyProtocol.Encoders;

/// <summary>Writes addresses and ports as v1 text without allocating. IPv6 follows RFC 5952.</summary>
internal static class AddressFormatter
{
    public static int WriteIPv4(ReadOnlySpan<byte> address, Span<byte> destination)
    {
        var pos = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0)
            {
                destination[pos++] = (byte)'.';
            }

            Utf8Formatter.TryFormat(address[i], destination.Slice(pos), out var written);
            pos += written;
        }

        return pos;
    }

    public static int WriteIPv6(ReadOnlySpan<byte> address, Span<byte> destination)
    {
        // IPv4-mapped addresses are written ::ffff:a.b.c.d, as HAProxy's v1 sender does.
        if (address.Slice(0, 10).IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF)
        {
            "::ffff:"u8.CopyTo(destination);
            return 7 + WriteIPv4(address.Slice(12), destination.Slice(7));
        }

        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt16BigEndian(address.Slice(i * 2));
        }

        // The longest run of two or more zero groups is compressed; the first wins a tie.
        int bestStart = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        var pos = 0;
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                destination[pos++] = (byte)':';
                destination[pos++] = (byte)':';
                i += bestLength - 1;
                continue;
            }

            if (pos > 0 && destination[pos - 1] != ':')
            {
                destination[pos++] = (byte)':';
            }

            Utf8Formatter.TryFormat(groups[i], destination.Slice(pos), out var written, new StandardFormat('x'));
            pos += written;
        }

        return pos;
    }

    public static int WritePort(ushort port, Span<byte> destination)
    {
        Utf8Formatter.TryFormat(port, destination, out var written);
        return written;
    }
}
