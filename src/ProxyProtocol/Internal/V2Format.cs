using System.Runtime.CompilerServices;

namespace ProxyProtocol.Internal;

/// <summary>Constants of the v2 binary format.</summary>
internal static class V2Format
{
    public const int PrefixLength = 16;
    public const int UnixPathLength = 108;
    public const int MaxV1Length = 107;
    public const byte TypeCrc32C = 0x03;
    public const byte TypeUniqueId = 0x05;
    public const int MaxUniqueIdLength = 128;

    public static ReadOnlySpan<byte> Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>The address block size for a family: 12 (IPv4), 36 (IPv6), 216 (UNIX), 0 (UNSPEC).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AddressBlockLength(ProxyAddressFamily family) => family switch
    {
        ProxyAddressFamily.InterNetwork => 12,
        ProxyAddressFamily.InterNetworkV6 => 36,
        ProxyAddressFamily.Unix => 2 * UnixPathLength,
        _ => 0,
    };
}
