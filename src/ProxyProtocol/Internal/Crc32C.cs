using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace ProxyProtocol.Internal;

/// <summary>CRC-32C (Castagnoli) as the PROXY protocol uses it; callers store the result big-endian.</summary>
internal static class Crc32C
{
    // Above this many bytes after the zeroed field, correcting with the CRC instruction (one step per 8 bytes,
    // serially dependent) costs more than copying the header and hashing the copy.
    private const int MaxCorrectedTail = 32;
    private const int StackCopy = 512;

    public static uint Compute(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    /// <summary>The CRC of <paramref name="data"/> as if its 4 bytes at <paramref name="offset"/> were zero (how a
    /// v2 header's CRC32C is defined), without copying when the CPU has a CRC-32C instruction.</summary>
    public static uint ComputeWithZeroedField(ReadOnlySpan<byte> data, int offset)
    {
        var tail = data.Length - offset - 4;
        if (tail <= MaxCorrectedTail && (Sse42.IsSupported || ArmCrc32.IsSupported))
        {
            // The CRC is affine in the message: crc(M with the field zeroed) = crc(M) ^ raw(0, field || tail zeros),
            // where raw is the register update without the initial and final inversion (what the instruction does).
            return Compute(data) ^ RawOfFieldThenZeros(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(offset)), tail);
        }

        return ComputeOnCopy(data, offset);
    }

    private static uint RawOfFieldThenZeros(uint field, int zeros)
    {
        if (Sse42.IsSupported)
        {
            var crc = Sse42.Crc32(0u, field);
            for (; zeros >= 4; zeros -= 4)
            {
                crc = Sse42.Crc32(crc, 0u);
            }

            for (; zeros > 0; zeros--)
            {
                crc = Sse42.Crc32(crc, (byte)0);
            }

            return crc;
        }

        var arm = ArmCrc32.ComputeCrc32C(0u, field);
        for (; zeros >= 4; zeros -= 4)
        {
            arm = ArmCrc32.ComputeCrc32C(arm, 0u);
        }

        for (; zeros > 0; zeros--)
        {
            arm = ArmCrc32.ComputeCrc32C(arm, (byte)0);
        }

        return arm;
    }

    private static uint ComputeOnCopy(ReadOnlySpan<byte> data, int offset)
    {
        byte[]? rented = null;
        // Sized to the data: a stack buffer is zeroed first, so a fixed 512 bytes would cost more than the CRC itself.
        var copy = data.Length <= StackCopy
            ? stackalloc byte[data.Length]
            : (rented = ArrayPool<byte>.Shared.Rent(data.Length));
        try
        {
            copy = copy.Slice(0, data.Length);
            data.CopyTo(copy);
            copy.Slice(offset, 4).Clear();
            return Compute(copy);
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
