using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Policy;

/// <summary>One test per point where the spec leaves a choice or receivers differ: our choice is docs/spec-rules.md §POLICY, or the strict §V1/§V2/§TLV/§CRC rule where we follow the spec.</summary>
public sealed class ImplementationDifferencePolicyTests
{
    [Fact]
    public async Task Row_v1_unknown_followed_by_more_fields_is_accepted_as_proxy_with_no_addresses()
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY UNKNOWN 192.0.2.1 192.0.2.2 1 2\r\n"));
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.Unspecified, header.AddressFamily);
        Assert.Equal(ProxyTransport.Unspecified, header.Transport);
        Assert.Null(header.Source);
    }

    [Theory]
    [InlineData("01.2.3.4")]
    [InlineData("010.0.0.1")]
    [InlineData("255.0255.255.255")]
    public async Task Row_v1_ipv4_leading_zeros_are_rejected_not_read_as_octal(string address) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 {address} 1.1.1.1 1 2\r\n"), ProxyError.V1InvalidSourceAddress);

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("16909060")]
    public async Task Row_v1_ipv4_short_forms_are_rejected(string address) =>
        await ParseHarness.InvalidAsync(Hex.Ascii($"PROXY TCP4 {address} 1.1.1.1 1 2\r\n"), ProxyError.V1InvalidSourceAddress);

    [Theory]
    [InlineData("080", false)]
    [InlineData("+80", false)]
    [InlineData(" 80", false)]
    [InlineData("80 ", false)]
    [InlineData("65536", false)]
    [InlineData("0", true)]
    public async Task Row_v1_ports_are_strict_and_port_0_is_legal(string port, bool valid)
    {
        var (result, _) = await ParseHarness.RunAsync(Hex.Ascii($"PROXY TCP4 1.1.1.1 2.2.2.2 {port} 443\r\n"));
        Assert.Equal(valid, result.IsComplete);
    }

    [Theory]
    [InlineData("2001:db8:0:0:0:0:0:1", true)]
    [InlineData("2001:0db8::0001", true)]
    [InlineData("::ffff:1.2.3.4", true)]
    [InlineData("2001:db8::1%eth0", false)]
    [InlineData("[2001:db8::1]", false)]
    [InlineData("[2001:db8::1]:80", false)]
    public async Task Row_v1_ipv6_text_follows_rfc_4291_without_zones_or_brackets(string address, bool valid)
    {
        var (result, _) = await ParseHarness.RunAsync(Hex.Ascii($"PROXY TCP6 {address} ::1 1 2\r\n"));
        Assert.Equal(valid, result.IsComplete);
    }

    [Fact]
    public async Task Row_ipv4_text_under_tcp6_is_rejected_by_default_and_mapped_on_request()
    {
        var line = Hex.Ascii("PROXY TCP6 2001:db8::1 127.0.0.1 40000 80\r\n");
        await ParseHarness.InvalidAsync(line, ProxyError.V1AddressFamilyMismatch, 23);
        var header = await ParseHarness.ValidAsync(line, new ProxyParserOptions { AllowIPv4InTcp6 = true });
        Assert.Equal(IPAddress.Parse("::ffff:127.0.0.1"), header.Destination!.Address);
    }

    [Fact]
    public async Task Row_semantic_address_checks_are_not_made_by_the_parser()
    {
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY TCP4 230.0.0.1 0.0.0.0 0 0\r\n"));
        Assert.Equal(IPEndPoint.Parse("230.0.0.1:0"), header.Source);
        Assert.Equal(IPEndPoint.Parse("0.0.0.0:0"), header.Destination);
    }

    [Fact]
    public async Task Row_v1_length_of_107_is_enforced() =>
        await ParseHarness.InvalidAsync(Hex.Ascii("PROXY UNKNOWN " + new string('z', 200) + "\r\n"), ProxyError.V1LineTooLong, 107);

    [Fact]
    public async Task Row_header_split_across_reads_is_tolerated_until_complete()
    {
        // The harness feeds the PipeReader and the Stream one byte per read; the header must still be accepted.
        var header = await ParseHarness.ValidAsync(Hex.Ascii("PROXY TCP4 192.0.2.1 192.0.2.2 1000 2000\r\n"));
        Assert.Equal(1000, header.Source!.Port);
    }

    [Theory]
    [InlineData("00000000")]
    [InlineData("000000 00")]
    [InlineData("0400 ")]
    public async Task Row_v2_bytes_after_the_address_block_must_be_well_framed_tlvs(string padding) =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, Hex.Bytes(padding)), ProxyError.V2TlvOverrun);

    [Fact]
    public async Task Row_v2_local_with_a_family_and_addresses_ignores_the_block_and_reports_the_family()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x21, V2Bytes.IPv6Block, V2Bytes.Tlv(0x04)));
        Assert.Equal(ProxyAddressFamily.InterNetworkV6, header.AddressFamily);
        Assert.Null(header.Source);
        Assert.Single(header.Tlvs);

        var tooShort = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x21, new byte[20]));
        Assert.Equal(36, tooShort.HeaderLength);
        Assert.Empty(tooShort.Tlvs);
    }

    [Fact]
    public async Task Row_v2_proxy_with_unspec_is_accepted_without_addresses()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x00));
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.False(header.HasIPEndPoints);
    }

    [Fact]
    public async Task Row_proxy_with_udp_or_af_unix_is_decoded()
    {
        // On a stream these are refused by default (§POLICY.17); decoded when the transport rule is lifted, and in datagrams.
        var udp = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x22, V2Bytes.IPv6Block), ParseHarness.AnyTransport);
        Assert.Equal(ProxyTransport.Datagram, udp.Transport);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:49152"), udp.Source);
        var unix = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x32, V2Bytes.UnixBlock("/a", "/b")), ParseHarness.AnyTransport);
        Assert.Equal("/a", unix.SourceUnixPath);
    }

    [Theory]
    [InlineData(0x01, ProxyError.V2InvalidFamilyTransport)]
    [InlineData(0x02, ProxyError.V2InvalidFamilyTransport)]
    [InlineData(0x10, ProxyError.V2InvalidFamilyTransport)]
    [InlineData(0x30, ProxyError.V2InvalidFamilyTransport)]
    [InlineData(0x93, ProxyError.V2InvalidAddressFamily)]
    [InlineData(0x13, ProxyError.V2InvalidTransport)]
    public async Task Row_fam_byte_accepts_only_the_seven_listed_values_for_both_commands(byte fam, ProxyError error)
    {
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, fam, new byte[216]), error, 13);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x20, fam, new byte[216]), error, 13);
    }

    [Fact]
    public async Task Row_crc32c_is_verified_and_must_be_4_bytes()
    {
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 1, 2, 3, 4)), ProxyError.V2Crc32CMismatch);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 1, 2, 3)), ProxyError.V2InvalidCrc32CLength);
    }

    [Fact]
    public async Task Row_size_limits_cap_len_at_4096_by_default_and_unique_id_at_128()
    {
        Assert.Equal(4096, ProxyParserOptions.Default.MaxHeaderLength);
        await ParseHarness.InvalidAsync(V2Bytes.WithLength(0x21, 0x11, 4096 - 16 + 1), ProxyError.V2HeaderTooLarge, 14);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x05, new byte[129])), ProxyError.V2UniqueIdTooLong, 28);
    }

    [Fact]
    public async Task Row_alpn_is_kept_as_sent_whether_a_protocol_id_or_an_extension()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x01, Hex.Ascii("h2"))));
        Assert.True(header.TryGetTlv(0x01, out var alpn));
        Assert.Equal("h2"u8.ToArray(), alpn.ToArray());
    }

    [Fact]
    public async Task Row_ssl_verify_field_is_kept_raw_for_the_typed_accessor_to_judge()
    {
        // client = 0 (no certificate) with verify = 0: the core keeps it; trusting it is the typed accessor's job.
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x20, 0, 0, 0, 0, 0)));
        Assert.True(header.TryGetTlv(0x20, out var ssl));
        Assert.Equal(5, ssl.Length);
    }

    [Fact]
    public async Task Row_partial_header_means_one_that_never_completes()
    {
        await ParseHarness.IncompleteAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block).AsSpan(0, 20).ToArray());
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(new TrickleStream(Hex.Ascii("PROXY TCP4 1.2"))));
        Assert.Equal(ProxyError.Truncated, ex.Error);
    }

    [Fact]
    public async Task Row_envoy_v2_wrong_version_bytes_are_a_bad_family_and_v2_basic_v6_is_udp6()
    {
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x93, V2Bytes.IPv6Block), ProxyError.V2InvalidAddressFamily, 13);
        Assert.Equal(ProxyTransport.Datagram, (await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x22, V2Bytes.IPv6Block), ParseHarness.AnyTransport)).Transport);
    }
}
