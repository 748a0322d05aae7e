using System.Buffers.Binary;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Encoders;

/// <summary>Encodes headers: v1 lines and v2 binary headers, CRC32C computed last over the finished bytes.</summary>
internal static class HeaderEncoder
{
    public static int GetV2Length(in HeaderFields fields, ReadOnlySpan<byte> data) =>
        V2Format.PrefixLength + (fields.HasIPAddresses ? V2Format.AddressBlockLength(fields.Family) : 0) + data.Length;

    public static int GetV1Length(in HeaderFields fields)
    {
        Span<byte> scratch = stackalloc byte[V2Format.MaxV1Length];
        return WriteV1(fields, scratch);
    }

    public static int WriteV1(in HeaderFields fields, Span<byte> destination)
    {
        if (fields.Family is not (ProxyAddressFamily.InterNetwork or ProxyAddressFamily.InterNetworkV6))
        {
            "PROXY UNKNOWN\r\n"u8.CopyTo(destination);
            return 15;
        }

        var v6 = fields.Family == ProxyAddressFamily.InterNetworkV6;
        var pos = 0;
        (v6 ? "PROXY TCP6 "u8 : "PROXY TCP4 "u8).CopyTo(destination);
        pos += 11;
        pos += WriteAddress(fields.SourceAddress, v6, destination.Slice(pos));
        destination[pos++] = (byte)' ';
        pos += WriteAddress(fields.DestinationAddress, v6, destination.Slice(pos));
        destination[pos++] = (byte)' ';
        pos += AddressFormatter.WritePort(fields.SourcePort, destination.Slice(pos));
        destination[pos++] = (byte)' ';
        pos += AddressFormatter.WritePort(fields.DestinationPort, destination.Slice(pos));
        destination[pos++] = (byte)'\r';
        destination[pos++] = (byte)'\n';
        return pos;
    }

    /// <summary>Writes a v2 header; <paramref name="destination"/> must hold <see cref="GetV2Length"/> bytes.</summary>
    public static int WriteV2(in HeaderFields fields, ReadOnlySpan<byte> data, int crcValueOffset, Span<byte> destination)
    {
        var total = GetV2Length(fields, data);
        V2Format.Signature.CopyTo(destination);
        destination[12] = (byte)(0x20 | (byte)fields.Command);
        destination[13] = (byte)(((byte)fields.Family << 4) | (byte)fields.Transport);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)(total - V2Format.PrefixLength));
        var pos = V2Format.PrefixLength;
        if (fields.HasIPAddresses)
        {
            var size = fields.Family == ProxyAddressFamily.InterNetwork ? 4 : 16;
            ((ReadOnlySpan<byte>)fields.SourceAddress).Slice(0, size).CopyTo(destination.Slice(pos));
            ((ReadOnlySpan<byte>)fields.DestinationAddress).Slice(0, size).CopyTo(destination.Slice(pos + size));
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos + (2 * size)), fields.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(pos + (2 * size) + 2), fields.DestinationPort);
            pos += (2 * size) + 4;
        }

        var dataStart = pos;
        data.CopyTo(destination.Slice(pos));
        pos += data.Length;
        if (crcValueOffset >= 0)
        {
            var crcField = destination.Slice(dataStart + crcValueOffset, 4);
            crcField.Clear();
            BinaryPrimitives.WriteUInt32BigEndian(crcField, Crc32C.Compute(destination.Slice(0, total)));
        }

        return pos;
    }

    private static int WriteAddress(in AddressBytes address, bool v6, Span<byte> destination) =>
        v6 ? AddressFormatter.WriteIPv6(address, destination) : AddressFormatter.WriteIPv4(((ReadOnlySpan<byte>)address).Slice(0, 4), destination);
}
