namespace ProxyProtocol;

/// <summary>The address family of a header (the high nibble of the v2 family byte).</summary>
public enum ProxyAddressFamily : byte
{
    /// <summary>Unspecified: v1 <c>UNKNOWN</c>, or v2 <c>AF_UNSPEC</c>. No addresses.</summary>
    Unspecified = 0,

    /// <summary>IPv4 (v1 <c>TCP4</c>).</summary>
    InterNetwork = 1,

    /// <summary>IPv6 (v1 <c>TCP6</c>).</summary>
    InterNetworkV6 = 2,

    /// <summary>Unix domain sockets: two 108-byte path fields (v2 only).</summary>
    Unix = 3,
}
