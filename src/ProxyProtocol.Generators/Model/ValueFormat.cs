namespace ProxyProtocol.Generators.Model;

/// <summary>How a TLV value is laid out on the wire and which .NET type holds it.</summary>
internal enum ValueFormat
{
    Utf8,
    Ascii,
    Bytes,
    ByteArray,
    UInt8,
    UInt16BigEndian,
    UInt16LittleEndian,
    UInt32BigEndian,
    UInt32LittleEndian,
    UInt64BigEndian,
    UInt64LittleEndian,
    IPAddress,
    Guid,
    Composite,
}
