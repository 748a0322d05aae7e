namespace ProxyProtocol.Parsing;

/// <summary>Where the owned data, the TLVs and the CRC32C value sit in a validated v2 header.</summary>
internal struct V2Layout
{
    /// <summary>Offset in the header of the first byte a <see cref="ProxyHeader"/> keeps (16, or 16 + an IP address block).</summary>
    public int DataStart;

    /// <summary>Offset of the first TLV, relative to <see cref="DataStart"/>.</summary>
    public int TlvStart;

    /// <summary>Offset of the CRC32C value relative to <see cref="DataStart"/>, or -1.</summary>
    public int CrcValueOffset;

    public bool? Crc32CVerified;
}
