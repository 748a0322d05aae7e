using System.Text.RegularExpressions;
using ProxyProtocol.Internal;

namespace ProxyProtocol.Tests.Model;

/// <summary>One table gives every <see cref="ProxyError"/> its stable name and its description.</summary>
public sealed partial class ProxyErrorExtensionsTests
{
    // Released names are metric tag values and log fields: changing one breaks dashboards and alerts.
    private static readonly Dictionary<ProxyError, string> PinnedNames = new()
    {
        [ProxyError.None] = "none",
        [ProxyError.UnrecognizedSignature] = "unrecognized_signature",
        [ProxyError.VersionNotAccepted] = "version_not_accepted",
        [ProxyError.Truncated] = "truncated",
        [ProxyError.Timeout] = "timeout",
        [ProxyError.V1LineTooLong] = "v1_line_too_long",
        [ProxyError.V1InvalidLineEnding] = "v1_invalid_line_ending",
        [ProxyError.V1InvalidProtocol] = "v1_invalid_protocol",
        [ProxyError.V1InvalidFieldSeparator] = "v1_invalid_field_separator",
        [ProxyError.V1InvalidSourceAddress] = "v1_invalid_source_address",
        [ProxyError.V1InvalidDestinationAddress] = "v1_invalid_destination_address",
        [ProxyError.V1AddressFamilyMismatch] = "v1_address_family_mismatch",
        [ProxyError.V1InvalidSourcePort] = "v1_invalid_source_port",
        [ProxyError.V1InvalidDestinationPort] = "v1_invalid_destination_port",
        [ProxyError.V2UnsupportedVersion] = "v2_unsupported_version",
        [ProxyError.V2InvalidCommand] = "v2_invalid_command",
        [ProxyError.V2InvalidAddressFamily] = "v2_invalid_address_family",
        [ProxyError.V2InvalidTransport] = "v2_invalid_transport",
        [ProxyError.V2InvalidFamilyTransport] = "v2_invalid_family_transport",
        [ProxyError.V2HeaderTooLarge] = "v2_header_too_large",
        [ProxyError.V2AddressBlockTooShort] = "v2_address_block_too_short",
        [ProxyError.V2TlvOverrun] = "v2_tlv_overrun",
        [ProxyError.V2InvalidCrc32CLength] = "v2_invalid_crc32c_length",
        [ProxyError.V2DuplicateCrc32C] = "v2_duplicate_crc32c",
        [ProxyError.V2Crc32CMismatch] = "v2_crc32c_mismatch",
        [ProxyError.V2UniqueIdTooLong] = "v2_unique_id_too_long",
        [ProxyError.TransportMismatch] = "transport_mismatch",
    };

    [Fact]
    public void Every_error_has_its_row_at_its_value()
    {
        var values = Enum.GetValues<ProxyError>();
        Assert.Equal(values.Length, ErrorTable.Rows.Length);
        foreach (var error in values)
        {
            Assert.Equal(error, ErrorTable.Rows[(int)error].Error);
        }
    }

    [Fact]
    public void Names_are_the_pinned_stable_snake_case_names_and_unique()
    {
        var names = Enum.GetValues<ProxyError>().ToDictionary(e => e, e => e.GetName());
        Assert.Equal(PinnedNames, names);
        Assert.Equal(names.Count, names.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names.Values, name => Assert.Matches(SnakeCase(), name));
    }

    [Fact]
    public void Every_error_has_a_description_without_input()
    {
        foreach (var error in Enum.GetValues<ProxyError>())
        {
            var description = error.GetDescription();
            Assert.False(string.IsNullOrWhiteSpace(description));
            Assert.NotEqual("Unknown PROXY protocol error.", description);
        }
    }

    [Fact]
    public void An_undefined_value_has_a_generic_name_and_description()
    {
        var undefined = (ProxyError)Enum.GetValues<ProxyError>().Length;
        Assert.Equal("other", undefined.GetName());
        Assert.Equal("Unknown PROXY protocol error.", undefined.GetDescription());
        Assert.Equal("other", ((ProxyError)(-1)).GetName());
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();
}
