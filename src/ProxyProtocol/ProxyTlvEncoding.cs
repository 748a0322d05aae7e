namespace ProxyProtocol;

/// <summary>How a <see cref="ProxyTlvAttribute"/> value is encoded on the wire.</summary>
public enum ProxyTlvEncoding
{
    /// <summary>UTF-8 for strings, big-endian (network order) for integers, raw for everything else.</summary>
    Default = 0,

    /// <summary>Strings as UTF-8 (the default for strings).</summary>
    Utf8 = 1,

    /// <summary>Strings as printable US-ASCII (0x20–0x7E); anything else fails to decode.</summary>
    Ascii = 2,

    /// <summary>Integers in big-endian (network) order (the default for integers).</summary>
    BigEndian = 3,

    /// <summary>Integers in little-endian order (as Azure's LinkID is).</summary>
    LittleEndian = 4,
}
