using System.Runtime.CompilerServices;

namespace ProxyProtocol.Internal;

/// <summary>16 inline bytes holding an IPv4 (first 4 bytes) or IPv6 address, so a header needs no array for it.</summary>
[InlineArray(16)]
internal struct AddressBytes
{
    private byte _element0;
}
