namespace ProxyProtocol;

/// <summary>The PROXY protocol version of a header.</summary>
public enum ProxyVersion : byte
{
    /// <summary>Version 1: one line of US-ASCII text ending in CRLF.</summary>
    V1 = 1,

    /// <summary>Version 2: a binary header with a 12-byte signature, addresses and TLVs.</summary>
    V2 = 2,
}
