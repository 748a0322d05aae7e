namespace ProxyProtocol;

/// <summary>Why a PROXY header was rejected. Every rejection has exactly one reason.</summary>
public enum ProxyError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The input starts with neither the v1 <c>"PROXY "</c> prefix nor the v2 signature.</summary>
    UnrecognizedSignature,

    /// <summary>The header's version is valid but not among the accepted versions.</summary>
    VersionNotAccepted,

    /// <summary>The stream ended (or a datagram was too short) before the header was complete.</summary>
    Truncated,

    /// <summary>The header did not arrive within the header timeout.</summary>
    Timeout,

    /// <summary>v1: no CRLF within the first 107 bytes.</summary>
    V1LineTooLong,

    /// <summary>v1: a CR not followed by LF, or an LF not preceded by CR.</summary>
    V1InvalidLineEnding,

    /// <summary>v1: the protocol token is not <c>TCP4</c>, <c>TCP6</c> or <c>UNKNOWN</c>.</summary>
    V1InvalidProtocol,

    /// <summary>v1: a field separator is missing, doubled, or not a single space; or fields are missing or extra.</summary>
    V1InvalidFieldSeparator,

    /// <summary>v1: the source address is not a valid address in strict text form.</summary>
    V1InvalidSourceAddress,

    /// <summary>v1: the destination address is not a valid address in strict text form.</summary>
    V1InvalidDestinationAddress,

    /// <summary>v1: an address does not match the family named by the protocol token.</summary>
    V1AddressFamilyMismatch,

    /// <summary>v1: the source port is not a decimal 0–65535 without sign or leading zero.</summary>
    V1InvalidSourcePort,

    /// <summary>v1: the destination port is not a decimal 0–65535 without sign or leading zero.</summary>
    V1InvalidDestinationPort,

    /// <summary>v2: the version nibble after the signature is not 2.</summary>
    V2UnsupportedVersion,

    /// <summary>v2: the command nibble is neither LOCAL (0) nor PROXY (1).</summary>
    V2InvalidCommand,

    /// <summary>v2: the address family nibble is not one the spec defines.</summary>
    V2InvalidAddressFamily,

    /// <summary>v2: the transport nibble is not one the spec defines.</summary>
    V2InvalidTransport,

    /// <summary>v2: UNSPEC combined with a defined family or transport (for example 0x01 or 0x10).</summary>
    V2InvalidFamilyTransport,

    /// <summary>v2: the advertised length exceeds the configured maximum header length.</summary>
    V2HeaderTooLarge,

    /// <summary>v2: the advertised length is shorter than the address block the family requires.</summary>
    V2AddressBlockTooShort,

    /// <summary>v2: a TLV extends past the end of the header, or 1–2 bytes remain that cannot hold a TLV.</summary>
    V2TlvOverrun,

    /// <summary>v2: a CRC32C TLV whose value is not exactly 4 bytes.</summary>
    V2InvalidCrc32CLength,

    /// <summary>v2: more than one CRC32C TLV.</summary>
    V2DuplicateCrc32C,

    /// <summary>v2: the CRC32C checksum does not match the header.</summary>
    V2Crc32CMismatch,

    /// <summary>v2: a UNIQUE_ID TLV longer than 128 bytes.</summary>
    V2UniqueIdTooLong,

    /// <summary>
    /// The header's transport is not the connection's: a v2 PROXY header with transport DGRAM on a stream, or a v1
    /// header or a v2 PROXY header with transport STREAM in a datagram (see <see cref="ProxyParserOptions.AllowTransportMismatch"/>).
    /// </summary>
    TransportMismatch,
}
