using System.Buffers;
using System.Buffers.Binary;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Parsing;

/// <summary>
/// The v2 binary header: signature, version 2, LOCAL or PROXY, one of the seven defined family/transport bytes,
/// <c>len</c> capped before any wait, an address block that fits, and TLVs framed exactly inside <c>len</c>.
/// </summary>
internal static class V2Parser
{
    private const int StackCrcBuffer = 512;

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

    public static ProxyParseResult Parse(ReadOnlySpan<byte> input, ProxyParserOptions options, out HeaderFields fields, out V2Layout layout)
    {
        fields = default;
        layout = default;
        layout.CrcValueOffset = -1;
        fields.Version = ProxyVersion.V2;

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

        fields.Command = (ProxyCommand)(verCmd & 0x0F);
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

        fields.Family = (ProxyAddressFamily)(famByte >> 4);
        fields.Transport = (ProxyTransport)(famByte & 0x0F);
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

        var block = V2Format.AddressBlockLength(fields.Family);
        if (fields.Command == ProxyCommand.Proxy && len < block)
        {
            return ProxyParseResult.Invalid(ProxyError.V2AddressBlockTooShort, 14);
        }

        if (input.Length < total)
        {
            return ProxyParseResult.Incomplete;
        }

        var header = input.Slice(0, total);
        int tlvStart; // absolute
        if (fields.HasIPAddresses)
        {
            ReadAddresses(header.Slice(V2Format.PrefixLength, block), ref fields);
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

    private static void ReadAddresses(ReadOnlySpan<byte> block, ref HeaderFields fields)
    {
        var size = fields.Family == ProxyAddressFamily.InterNetwork ? 4 : 16;
        block.Slice(0, size).CopyTo(fields.SourceAddress);
        block.Slice(size, size).CopyTo(fields.DestinationAddress);
        fields.SourcePort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice(2 * size));
        fields.DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(block.Slice((2 * size) + 2));
    }

    private static ProxyParseResult ParseTlvs(ReadOnlySpan<byte> header, int pos, ProxyParserOptions options, ref V2Layout layout)
    {
        var crcOffset = -1;
        while (pos < header.Length)
        {
            if (header.Length - pos < 3)
            {
                return ProxyParseResult.Invalid(ProxyError.V2TlvOverrun, pos);
            }

            var type = header[pos];
            var length = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(pos + 1));
            if (header.Length - pos - 3 < length)
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

    private static bool VerifyCrc32C(ReadOnlySpan<byte> header, int crcOffset)
    {
        var expected = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(crcOffset));
        byte[]? rented = null;
        // Sized to the header: a stack buffer is zeroed first, so a fixed 512 bytes would cost more than the CRC itself.
        var copy = header.Length <= StackCrcBuffer
            ? stackalloc byte[header.Length]
            : (rented = ArrayPool<byte>.Shared.Rent(header.Length));
        try
        {
            copy = copy.Slice(0, header.Length);
            header.CopyTo(copy);
            copy.Slice(crcOffset, 4).Clear();
            return Crc32C.Compute(copy) == expected;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
