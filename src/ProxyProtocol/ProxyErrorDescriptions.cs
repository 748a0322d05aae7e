namespace ProxyProtocol;

/// <summary>Human-readable descriptions of <see cref="ProxyError"/> values.</summary>
public static class ProxyErrorDescriptions
{
    /// <summary>Returns a one-sentence description of <paramref name="error"/> that never contains input bytes.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The description.</returns>
    public static string GetDescription(this ProxyError error) => error switch
    {
        ProxyError.None => "No error.",
        ProxyError.UnrecognizedSignature => "The data does not start with a PROXY protocol v1 or v2 signature.",
        ProxyError.VersionNotAccepted => "The PROXY protocol version is not accepted by this receiver.",
        ProxyError.Truncated => "The connection ended before the PROXY header was complete.",
        ProxyError.Timeout => "The PROXY header did not arrive within the read timeout.",
        ProxyError.V1LineTooLong => "The v1 header has no CRLF within 107 bytes.",
        ProxyError.V1InvalidLineEnding => "The v1 header contains a CR or LF that is not part of the final CRLF.",
        ProxyError.V1InvalidProtocol => "The v1 protocol is not TCP4, TCP6 or UNKNOWN.",
        ProxyError.V1InvalidFieldSeparator => "The v1 header's fields are not separated by single spaces, or a field is missing or extra.",
        ProxyError.V1InvalidSourceAddress => "The v1 source address is not a valid address.",
        ProxyError.V1InvalidDestinationAddress => "The v1 destination address is not a valid address.",
        ProxyError.V1AddressFamilyMismatch => "A v1 address does not match the family of the protocol (TCP4 or TCP6).",
        ProxyError.V1InvalidSourcePort => "The v1 source port is not a decimal number from 0 to 65535 without leading zeros.",
        ProxyError.V1InvalidDestinationPort => "The v1 destination port is not a decimal number from 0 to 65535 without leading zeros.",
        ProxyError.V2UnsupportedVersion => "The v2 signature is followed by a version other than 2.",
        ProxyError.V2InvalidCommand => "The v2 command is neither LOCAL nor PROXY.",
        ProxyError.V2InvalidAddressFamily => "The v2 address family is not defined by the specification.",
        ProxyError.V2InvalidTransport => "The v2 transport protocol is not defined by the specification.",
        ProxyError.V2InvalidFamilyTransport => "The v2 family and transport combine UNSPEC with a defined value.",
        ProxyError.V2HeaderTooLarge => "The v2 header is longer than the configured maximum.",
        ProxyError.V2AddressBlockTooShort => "The v2 length is shorter than the address block its family requires.",
        ProxyError.V2TlvOverrun => "A v2 TLV extends past the end of the header.",
        ProxyError.V2InvalidCrc32CLength => "The v2 CRC32C TLV is not 4 bytes long.",
        ProxyError.V2DuplicateCrc32C => "The v2 header carries more than one CRC32C TLV.",
        ProxyError.V2Crc32CMismatch => "The v2 CRC32C checksum does not match the header.",
        ProxyError.V2UniqueIdTooLong => "The v2 UNIQUE_ID TLV is longer than 128 bytes.",
        _ => "Unknown PROXY protocol error.",
    };
}
