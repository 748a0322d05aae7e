using System.IO.Hashing;

namespace ProxyProtocol.Internal;

/// <summary>CRC-32C (Castagnoli) as the PROXY protocol uses it; callers store the result big-endian.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);
}
