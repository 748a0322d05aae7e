using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Parsing;

/// <summary>
/// The v2 binary header: signature, version 2, LOCAL or PROXY, one of the seven defined family/transport bytes,
/// <c>len</c> capped before any wait, an address block that fits, and TLVs framed exactly inside <c>len</c>.
/// </summary>
internal static class V2Parser
{
    // The signature's bytes 0-7 and 8-11 as little-endian integers.
    private static readonly ulong SignatureHead = BinaryPrimitives.ReadUInt64LittleEndian(V2Format.Signature);
    private static readonly uint SignatureTail = BinaryPrimitives.ReadUInt32LittleEndian(V2Format.Signature.Slice(8));

    /// <summary>Checks the input against the 12-byte signature: Incomplete while it is a strict prefix of it.</summary>
    public static ProxyParseResult MatchSignature(ReadOnlySpan<byte> input)
    {
        // Fast path: the whole signature is there and matches (two loads, two compares).
        if (input.Length >= 12
            && BinaryPrimitives.ReadUInt64LittleEndian(input) == SignatureHead
            && BinaryPrimitives.ReadUInt32LittleEndian(input.Slice(8)) == SignatureTail)
        {
            return ProxyParseResult.Complete(12);
        }

        var signature = V2Format.Signature;
        var n = Math.Min(input.Length, signature.Length);
        var mismatch = input.Slice(0, n).CommonPrefixLength(signature);
        if (mismatch < n)
        {
            return ProxyParseResult.Invalid(ProxyError.UnrecognizedSignature, mismatch);
        }

        return n < signature.Length ? ProxyParseResult.Incomplete : ProxyParseResult.Complete(signature.Length);
    }

    /// <summary>
    /// Validates a v2 header whose signature matched. Only where the kept data and the CRC32C sit is returned: a
    /// <see cref="ProxyHeader"/> reads its fixed fields and addresses from the validated bytes, so validation
    /// fills (and zeroes) no field struct.
    /// </summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input, ProxyParserOptions options, bool datagram, out V2Layout layout)
    {
        layout = default;
        layout.CrcValueOffset = -1;

        // Fixed bytes are checked as soon as they arrive so bad input is dropped early.
        if (input.Length <= 12)
        {
            return ProxyParseResult.Incomplete;
        }

        var verCmd = input[12];
        if (verCmd >> 4 != 2)
        {
            return ProxyParseResult.Invalid(ProxyError.V2UnsupportedVersion, 12);
        }

        if ((verCmd & 0x0F) > 1)
        {
            return ProxyParseResult.Invalid(ProxyError.V2InvalidCommand, 12);
        }

        var isProxy = (verCmd & 0x0F) == (int)ProxyCommand.Proxy;
        if (input.Length <= 13)
        {
            return ProxyParseResult.Incomplete;
        }

        var famByte = input[13];
        var error = CheckFamily(famByte);
        if (error != ProxyError.None)
        {
            return ProxyParseResult.Invalid(error, 13);
        }

        // A PROXY header's transport must be the connection's: a DGRAM header on a stream would make a UDP source the
        // client, a STREAM header in a datagram a TCP one. LOCAL headers carry no endpoints to use.
        if (isProxy && (famByte & 0x0F) == (datagram ? (int)ProxyTransport.Stream : (int)ProxyTransport.Datagram) && !options.AllowTransportMismatch)
        {
            return ProxyParseResult.Invalid(ProxyError.TransportMismatch, 13);
        }

        var family = (ProxyAddressFamily)(famByte >> 4);
        if (input.Length < V2Format.PrefixLength)
        {
            return ProxyParseResult.Incomplete;
        }

        var len = BinaryPrimitives.ReadUInt16BigEndian(input.Slice(14));
        var total = V2Format.PrefixLength + len;
        if (total > options.MaxHeaderLength)
        {
            return ProxyParseResult.Invalid(ProxyError.V2HeaderTooLarge, 14);
        }

        var block = V2Format.AddressBlockLength(family);
        if (isProxy && len < block)
        {
            return ProxyParseResult.Invalid(ProxyError.V2AddressBlockTooShort, 14);
        }

        if (input.Length < total)
        {
            return ProxyParseResult.Incomplete;
        }

        var header = input.Slice(0, total);
        int tlvStart; // absolute
        if (isProxy && family is ProxyAddressFamily.InterNetwork or ProxyAddressFamily.InterNetworkV6)
        {
            // The IP address block is kept inline in the header object, not in its owned data.
            layout.DataStart = V2Format.PrefixLength + block;
            tlvStart = layout.DataStart;
        }
        else
        {
            // UNIX paths, and a LOCAL header's ignored address block, stay in the owned data. A LOCAL header too
            // short for its family's block is taken as opaque (the spec says to discard the address information).
            layout.DataStart = V2Format.PrefixLength;
            tlvStart = V2Format.PrefixLength + (len >= block ? block : len);
        }

        layout.TlvStart = tlvStart - layout.DataStart;
        return ParseTlvs(header, tlvStart, options, ref layout);
    }

    private static ProxyError CheckFamily(byte famByte)
    {
        var family = famByte >> 4;
        var transport = famByte & 0x0F;
        if (family > 3)
        {
            return ProxyError.V2InvalidAddressFamily;
        }

        if (transport > 2)
        {
            return ProxyError.V2InvalidTransport;
        }

        return (family == 0) != (transport == 0) ? ProxyError.V2InvalidFamilyTransport : ProxyError.None;
    }

    private static ProxyParseResult ParseTlvs(ReadOnlySpan<byte> header, int pos, ProxyParserOptions options, ref V2Layout layout)
    {
        var crcOffset = -1;
        while (pos < header.Length)
        {
            // One slice per TLV, so its three fixed bytes are read without further bounds checks.
            var rest = header.Slice(pos);
            if (rest.Length < 3)
            {
                return ProxyParseResult.Invalid(ProxyError.V2TlvOverrun, pos);
            }

            var type = rest[0];
            var length = (rest[1] << 8) | rest[2];
            if (rest.Length - 3 < length)
            {
                return ProxyParseResult.Invalid(ProxyError.V2TlvOverrun, pos);
            }

            switch (type)
            {
                case V2Format.TypeCrc32C when length != 4:
                    return ProxyParseResult.Invalid(ProxyError.V2InvalidCrc32CLength, pos);
                case V2Format.TypeCrc32C when crcOffset >= 0:
                    return ProxyParseResult.Invalid(ProxyError.V2DuplicateCrc32C, pos);
                case V2Format.TypeCrc32C:
                    crcOffset = pos + 3;
                    break;
                case V2Format.TypeUniqueId when length > V2Format.MaxUniqueIdLength:
                    return ProxyParseResult.Invalid(ProxyError.V2UniqueIdTooLong, pos);
            }

            pos += 3 + length;
        }

        if (crcOffset >= 0)
        {
            var verified = VerifyCrc32C(header, crcOffset);
            if (!verified && options.RejectCrc32CMismatch)
            {
                return ProxyParseResult.Invalid(ProxyError.V2Crc32CMismatch, crcOffset);
            }

            layout.Crc32CVerified = verified;
            layout.CrcValueOffset = crcOffset - layout.DataStart;
        }

        return ProxyParseResult.Complete(header.Length);
    }

    // Not inlined: its locals would otherwise enlarge (and lengthen the zeroing of) every v2 parse's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool VerifyCrc32C(ReadOnlySpan<byte> header, int crcOffset) =>
        Crc32C.ComputeWithZeroedField(header, crcOffset) == BinaryPrimitives.ReadUInt32BigEndian(header.Slice(crcOffset));
}
