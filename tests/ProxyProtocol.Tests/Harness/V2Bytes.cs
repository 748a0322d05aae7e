using System.Buffers.Binary;

namespace ProxyProtocol.Tests.Harness;

/// <summary>Hand-assembled v2 headers, independent of the library's encoder.</summary>
internal static class V2Bytes
{
    internal static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>Signature, ver/cmd, fam, len = body length, body.</summary>
    internal static byte[] Header(byte verCmd, byte fam, params byte[][] body)
    {
        var rest = Hex.Concat(body);
        return WithLength(verCmd, fam, (ushort)rest.Length, rest);
    }

    /// <summary>Signature, ver/cmd, fam, an explicit len, then whatever bytes follow.</summary>
    internal static byte[] WithLength(byte verCmd, byte fam, ushort len, params byte[][] following)
    {
        var prefix = new byte[16];
        Signature.CopyTo(prefix, 0);
        prefix[12] = verCmd;
        prefix[13] = fam;
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(14), len);
        return Hex.Concat([prefix, .. following]);
    }

    internal static byte[] Tlv(byte type, params byte[] value)
    {
        var tlv = new byte[3 + value.Length];
        tlv[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(tlv.AsSpan(1), (ushort)value.Length);
        value.CopyTo(tlv, 3);
        return tlv;
    }

    /// <summary>192.0.2.1:49152 → 198.51.100.2:443.</summary>
    internal static byte[] IPv4Block => Hex.Bytes("c0000201 c6336402 c000 01bb");

    /// <summary>2001:db8::1:49152 → 2001:db8::2:443.</summary>
    internal static byte[] IPv6Block => Hex.Bytes("20010db8000000000000000000000001 20010db8000000000000000000000002 c000 01bb");

    internal static byte[] UnixBlock(string source, string destination)
    {
        var block = new byte[216];
        System.Text.Encoding.UTF8.GetBytes(source, block.AsSpan(0, 108));
        System.Text.Encoding.UTF8.GetBytes(destination, block.AsSpan(108, 108));
        return block;
    }

    /// <summary>Fills in a CRC32C TLV's value (at <paramref name="valueOffset"/>) computed independently of the library.</summary>
    internal static byte[] WithCrc(byte[] header, int valueOffset)
    {
        var copy = (byte[])header.Clone();
        copy.AsSpan(valueOffset, 4).Clear();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(valueOffset), Crc32CReference.Compute(copy));
        return copy;
    }
}
