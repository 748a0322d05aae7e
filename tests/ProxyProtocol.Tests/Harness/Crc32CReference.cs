namespace ProxyProtocol.Tests.Harness;

/// <summary>
/// A bitwise CRC-32C (RFC 4960 Appendix B: reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF), written
/// from the RFC so the tests do not check the library against itself.
/// </summary>
internal static class Crc32CReference
{
    internal static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }
}
