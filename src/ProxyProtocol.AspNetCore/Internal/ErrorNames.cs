namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Stable snake_case names for rejection reasons, used as the <c>error.type</c> metric tag and in logs.</summary>
internal static class ErrorNames
{
    public const string UntrustedPeer = "untrusted_peer";
    public const string ConnectionClosed = "connection_closed";
    public const string Shutdown = "shutdown";

    public static string Get(ProxyError error) => error switch
    {
        ProxyError.UnrecognizedSignature => "unrecognized_signature",
        ProxyError.VersionNotAccepted => "version_not_accepted",
        ProxyError.Truncated => "truncated",
        ProxyError.Timeout => "timeout",
        ProxyError.V1LineTooLong => "v1_line_too_long",
        ProxyError.V1InvalidLineEnding => "v1_invalid_line_ending",
        ProxyError.V1InvalidProtocol => "v1_invalid_protocol",
        ProxyError.V1InvalidFieldSeparator => "v1_invalid_field_separator",
        ProxyError.V1InvalidSourceAddress => "v1_invalid_source_address",
        ProxyError.V1InvalidDestinationAddress => "v1_invalid_destination_address",
        ProxyError.V1AddressFamilyMismatch => "v1_address_family_mismatch",
        ProxyError.V1InvalidSourcePort => "v1_invalid_source_port",
        ProxyError.V1InvalidDestinationPort => "v1_invalid_destination_port",
        ProxyError.V2UnsupportedVersion => "v2_unsupported_version",
        ProxyError.V2InvalidCommand => "v2_invalid_command",
        ProxyError.V2InvalidAddressFamily => "v2_invalid_address_family",
        ProxyError.V2InvalidTransport => "v2_invalid_transport",
        ProxyError.V2InvalidFamilyTransport => "v2_invalid_family_transport",
        ProxyError.V2HeaderTooLarge => "v2_header_too_large",
        ProxyError.V2AddressBlockTooShort => "v2_address_block_too_short",
        ProxyError.V2TlvOverrun => "v2_tlv_overrun",
        ProxyError.V2InvalidCrc32CLength => "v2_invalid_crc32c_length",
        ProxyError.V2DuplicateCrc32C => "v2_duplicate_crc32c",
        ProxyError.V2Crc32CMismatch => "v2_crc32c_mismatch",
        ProxyError.V2UniqueIdTooLong => "v2_unique_id_too_long",
        _ => "other",
    };
}
