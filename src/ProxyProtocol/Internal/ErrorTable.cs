namespace ProxyProtocol.Internal;

/// <summary>
/// The one table of <see cref="ProxyError"/> values: each row gives the stable name (logs, the <c>error.type</c>
/// metric tag) and the description (messages). Rows are in value order, so a value is its row's index.
/// </summary>
internal static class ErrorTable
{
    // A name, once released, never changes: dashboards and alerts match on it.
    public static readonly Row[] Rows =
    [
        new(ProxyError.None, "none", "No error."),
        new(ProxyError.UnrecognizedSignature, "unrecognized_signature", "The data does not start with a PROXY protocol v1 or v2 signature."),
        new(ProxyError.VersionNotAccepted, "version_not_accepted", "The PROXY protocol version is not accepted by this receiver."),
        new(ProxyError.Truncated, "truncated", "The connection ended before the PROXY header was complete."),
        new(ProxyError.Timeout, "timeout", "The PROXY header did not arrive within the header timeout."),
        new(ProxyError.V1LineTooLong, "v1_line_too_long", "The v1 header has no CRLF within 107 bytes."),
        new(ProxyError.V1InvalidLineEnding, "v1_invalid_line_ending", "The v1 header contains a CR or LF that is not part of the final CRLF."),
        new(ProxyError.V1InvalidProtocol, "v1_invalid_protocol", "The v1 protocol is not TCP4, TCP6 or UNKNOWN."),
        new(ProxyError.V1InvalidFieldSeparator, "v1_invalid_field_separator", "The v1 header's fields are not separated by single spaces, or a field is missing or extra."),
        new(ProxyError.V1InvalidSourceAddress, "v1_invalid_source_address", "The v1 source address is not a valid address."),
        new(ProxyError.V1InvalidDestinationAddress, "v1_invalid_destination_address", "The v1 destination address is not a valid address."),
        new(ProxyError.V1AddressFamilyMismatch, "v1_address_family_mismatch", "A v1 address does not match the family of the protocol (TCP4 or TCP6)."),
        new(ProxyError.V1InvalidSourcePort, "v1_invalid_source_port", "The v1 source port is not a decimal number from 0 to 65535 without leading zeros."),
        new(ProxyError.V1InvalidDestinationPort, "v1_invalid_destination_port", "The v1 destination port is not a decimal number from 0 to 65535 without leading zeros."),
        new(ProxyError.V2UnsupportedVersion, "v2_unsupported_version", "The v2 signature is followed by a version other than 2."),
        new(ProxyError.V2InvalidCommand, "v2_invalid_command", "The v2 command is neither LOCAL nor PROXY."),
        new(ProxyError.V2InvalidAddressFamily, "v2_invalid_address_family", "The v2 address family is not defined by the specification."),
        new(ProxyError.V2InvalidTransport, "v2_invalid_transport", "The v2 transport protocol is not defined by the specification."),
        new(ProxyError.V2InvalidFamilyTransport, "v2_invalid_family_transport", "The v2 family and transport combine UNSPEC with a defined value."),
        new(ProxyError.V2HeaderTooLarge, "v2_header_too_large", "The v2 header is longer than the configured maximum."),
        new(ProxyError.V2AddressBlockTooShort, "v2_address_block_too_short", "The v2 length is shorter than the address block its family requires."),
        new(ProxyError.V2TlvOverrun, "v2_tlv_overrun", "A v2 TLV extends past the end of the header."),
        new(ProxyError.V2InvalidCrc32CLength, "v2_invalid_crc32c_length", "The v2 CRC32C TLV is not 4 bytes long."),
        new(ProxyError.V2DuplicateCrc32C, "v2_duplicate_crc32c", "The v2 header carries more than one CRC32C TLV."),
        new(ProxyError.V2Crc32CMismatch, "v2_crc32c_mismatch", "The v2 CRC32C checksum does not match the header."),
        new(ProxyError.V2UniqueIdTooLong, "v2_unique_id_too_long", "The v2 UNIQUE_ID TLV is longer than 128 bytes."),
        new(ProxyError.TransportMismatch, "transport_mismatch", "The header's transport does not match the connection's (a DGRAM header on a stream, or a v1 or STREAM header in a datagram)."),
    ];

    /// <summary>One error: its value, stable snake_case name and one-sentence description without input bytes.</summary>
    internal readonly record struct Row(ProxyError Error, string Name, string Description);
}
