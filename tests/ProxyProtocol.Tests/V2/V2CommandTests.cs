using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V2;

/// <summary>docs/spec-rules.md §V2.10 and §V2.11 (LOCAL, PROXY, UNSPEC) with §POLICY.6 and §POLICY.7.</summary>
public sealed class V2CommandTests
{
    [Fact]
    public async Task LOCAL_is_accepted_with_no_addresses()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x00));
        Assert.Equal(ProxyCommand.Local, header.Command);
        Assert.Equal(16, header.HeaderLength);
        Assert.False(header.HasIPEndPoints);
        Assert.Null(header.Source);
        Assert.Null(header.Destination);
        Assert.Null(header.SourceUnixPath);
        Assert.Empty(header.Tlvs);
    }

    [Fact]
    public async Task LOCAL_may_carry_len_above_zero_with_tlvs()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0x05, 1, 2, 3), V2Bytes.Tlv(0x02, Hex.Ascii("h"))));
        Assert.Equal(2, header.Tlvs.Count);
        Assert.True(header.TryGetTlv(0x05, out var id));
        Assert.Equal(new byte[] { 1, 2, 3 }, id.ToArray());
    }

    [Fact]
    public async Task LOCAL_aws_nlb_health_check_with_a_type_0x00_tlv_is_accepted()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0x00, 0xAA, 0xBB, 0xCC, 0xDD)));
        var tlv = Assert.Single(header.Tlvs);
        Assert.Equal(0x00, tlv.Type);
        Assert.Equal(4, tlv.Value.Length);
    }

    [Theory]
    [InlineData(0x11, 12)]
    [InlineData(0x12, 12)]
    [InlineData(0x21, 36)]
    [InlineData(0x22, 36)]
    [InlineData(0x31, 216)]
    [InlineData(0x32, 216)]
    public async Task LOCAL_with_a_family_skips_its_block_reports_the_family_and_no_addresses_and_parses_tlvs_after(byte fam, int block)
    {
        var addresses = Enumerable.Range(1, block).Select(i => (byte)i).ToArray();
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, fam, addresses, V2Bytes.Tlv(0x02, Hex.Ascii("x.example"))));
        Assert.Equal(ProxyCommand.Local, header.Command);
        Assert.Equal((ProxyAddressFamily)(fam >> 4), header.AddressFamily);
        Assert.Equal((ProxyTransport)(fam & 0xF), header.Transport);
        Assert.False(header.HasIPEndPoints);
        Assert.Null(header.Source);
        Assert.Null(header.Destination);
        Assert.Null(header.SourceUnixPath);
        Assert.Null(header.DestinationUnixPath);
        var tlv = Assert.Single(header.Tlvs);
        Assert.Equal(0x02, tlv.Type);
    }

    [Fact]
    public async Task LOCAL_with_a_family_still_rejects_malformed_tlvs_after_the_block() =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x20, 0x11, V2Bytes.IPv4Block, [0x02, 0x00]), ProxyError.V2TlvOverrun, 28);

    [Theory]
    [InlineData(0x11, 5)]
    [InlineData(0x21, 35)]
    [InlineData(0x31, 2)]
    [InlineData(0x31, 215)]
    public async Task LOCAL_too_short_for_its_family_block_is_accepted_and_its_bytes_are_opaque(byte fam, int len)
    {
        // Bytes that would be a malformed TLV list: they must not be read as TLVs.
        var body = Enumerable.Repeat((byte)0xFF, len).ToArray();
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x20, fam, body));
        Assert.Equal(16 + len, header.HeaderLength);
        Assert.Equal((ProxyAddressFamily)(fam >> 4), header.AddressFamily);
        Assert.Empty(header.Tlvs);
        Assert.Null(header.Source);
    }

    [Fact]
    public async Task PROXY_with_unspec_is_accepted_with_no_addresses_and_tlvs_starting_at_16()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x00, V2Bytes.Tlv(0xE0, 0, 0, 0, 0, 0, 0, 0, 1)));
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.Unspecified, header.AddressFamily);
        Assert.False(header.HasIPEndPoints);
        Assert.Null(header.Source);
        Assert.Equal(0xE0, Assert.Single(header.Tlvs).Type);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x00, [1, 2, 3, 4]), ProxyError.V2TlvOverrun, 16);
    }
}
