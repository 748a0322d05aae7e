using System.Buffers.Binary;
using System.Net;
using ProxyProtocol.Internal;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Crc;

/// <summary>docs/spec-rules.md §CRC: the CRC32C algorithm, sender and receiver procedures, and published captures checked against them.</summary>
public sealed class Crc32CTests
{
    private static readonly ProxyParserOptions ReportOnly = new() { RejectCrc32CMismatch = false };

    [Fact]
    public void Algorithm_is_crc32c_with_check_value_e3069283()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32CReference.Compute("123456789"u8));
    }

    [Fact]
    public void CRC_with_a_zeroed_field_equals_the_reference_on_a_zeroed_copy_for_every_field_position()
    {
        // Covers the corrected (no copy) path for short tails and the copy path for long ones.
        var random = new Random(3);
        foreach (var length in new[] { 4, 5, 28, 73, 100, 600 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            for (var offset = 0; offset + 4 <= length; offset++)
            {
                var zeroed = (byte[])data.Clone();
                zeroed.AsSpan(offset, 4).Clear();
                Assert.Equal(Crc32CReference.Compute(zeroed), Crc32C.ComputeWithZeroedField(data, offset));
            }
        }
    }

    [Fact]
    public void Library_crc32c_matches_the_rfc_4960_reference_on_varied_data()
    {
        var random = new Random(4960);
        for (var length = 0; length < 600; length += 7)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Crc32CReference.Compute(data), Crc32C.Compute(data));
        }
    }

    [Fact]
    public async Task Receiver_verifies_over_the_whole_header_with_the_value_zeroed_stored_big_endian()
    {
        var input = V2Bytes.WithCrc(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 0, 0, 0, 0), V2Bytes.Tlv(0x02, Hex.Ascii("a"))), 31);
        var header = await ParseHarness.ValidAsync(input);
        Assert.True(header.Crc32CVerified);
        Assert.True(header.TryGetTlv(0x03, out var crc));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(input.AsSpan(31)), BinaryPrimitives.ReadUInt32BigEndian(crc.Span));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CRC32C_tlv_may_sit_anywhere_in_the_tlv_list(int position)
    {
        var tlvs = new List<byte[]> { V2Bytes.Tlv(0x01, Hex.Ascii("h2")), V2Bytes.Tlv(0x02, Hex.Ascii("example.com")) };
        tlvs.Insert(position, V2Bytes.Tlv(0x03, 0, 0, 0, 0));
        var unsigned = V2Bytes.Header(0x21, 0x21, [V2Bytes.IPv6Block, .. tlvs]);
        var valueOffset = 52 + tlvs.Take(position).Sum(t => t.Length) + 3;
        var header = await ParseHarness.ValidAsync(V2Bytes.WithCrc(unsigned, valueOffset));
        Assert.True(header.Crc32CVerified);
    }

    [Fact]
    public async Task CRC32C_mismatch_is_invalid_by_default_and_reported_when_asked()
    {
        var input = V2Bytes.WithCrc(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 0, 0, 0, 0)), 31);
        input[20] ^= 1; // change the source address after signing
        await ParseHarness.InvalidAsync(input, ProxyError.V2Crc32CMismatch, 31);
        var header = await ParseHarness.ValidAsync(input, ReportOnly);
        Assert.False(header.Crc32CVerified);
        Assert.Contains("MISMATCH", header.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CRC32C_all_zero_value_is_not_special()
    {
        var input = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 0, 0, 0, 0));
        Assert.NotEqual(0u, Crc32CReference.Compute(input));
        await ParseHarness.InvalidAsync(input, ProxyError.V2Crc32CMismatch, 31);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public async Task CRC32C_value_must_be_4_bytes(int length) =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, new byte[length])), ProxyError.V2InvalidCrc32CLength, 28, ReportOnly);

    [Fact]
    public async Task CRC32C_duplicate_tlv_is_rejected()
    {
        var unsigned = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 0, 0, 0, 0), V2Bytes.Tlv(0x03, 0, 0, 0, 0));
        await ParseHarness.InvalidAsync(V2Bytes.WithCrc(unsigned, 31), ProxyError.V2DuplicateCrc32C, 35, ReportOnly);
        await ParseHarness.InvalidAsync(V2Bytes.WithCrc(unsigned, 31), ProxyError.V2DuplicateCrc32C, 35);
    }

    [Fact]
    public async Task CRC32C_covers_the_header_never_the_payload()
    {
        var header = V2Bytes.WithCrc(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 0, 0, 0, 0)), 31);
        var parsed = await ParseHarness.ValidAsync(Hex.Concat(header, Hex.Ascii("payload that is not covered")));
        Assert.True(parsed.Crc32CVerified);
    }

    [Fact]
    public async Task CRC32C_under_local_is_verified_too()
    {
        var input = V2Bytes.WithCrc(V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0x03, 0, 0, 0, 0)), 19);
        Assert.True((await ParseHarness.ValidAsync(input)).Crc32CVerified);
        input[19] ^= 0x80;
        await ParseHarness.InvalidAsync(input, ProxyError.V2Crc32CMismatch, 19);
    }

    [Fact]
    public async Task No_crc32c_tlv_reports_null()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block));
        Assert.Null(header.Crc32CVerified);
    }

    [Fact]
    public async Task Verified_example_aws_nlb_capture_carries_e8d6892d()
    {
        // pires/go-proxyproto tlvparse/aws_test.go, "VPCE example": CRC32C first, then AWS 0xEA/0x01, then a 36-byte NOOP.
        var input = Hex.Bytes(
            "0d0a0d0a000d0a515549540a 21110054 ac1f0771 ac1f0a1f c8f20050" +
            "030004e8d6892d" +
            "ea0017 01 767063652d30386432626631356661633530303163 39" +
            "040024 000000000000000000000000000000000000000000000000000000000000000000000000");
        Assert.Equal(16 + 0x54, input.Length);
        var header = await ParseHarness.ValidAsync(input);
        Assert.True(header.Crc32CVerified);
        Assert.Equal(IPEndPoint.Parse("172.31.7.113:51442"), header.Source);
        Assert.Equal(IPEndPoint.Parse("172.31.10.31:80"), header.Destination);
        Assert.Equal(new byte[] { 0x03, 0xEA, 0x04 }, header.Tlvs.Select(t => t.Type).ToArray());
        Assert.True(header.TryGetTlv(0xEA, out var vpce));
        Assert.Equal(0x01, vpce.Span[0]);
        Assert.Equal("vpce-08d2bf15fac5001c9", System.Text.Encoding.ASCII.GetString(vpce.Span[1..]));
    }

    [Fact]
    public async Task Verified_example_proxy_header_local_fixture_carries_889da1df()
    {
        // tibordp/proxy-header V2_LOCAL: LOCAL/UNSPEC, CRC32C then an empty SSL TLV.
        var input = Hex.Bytes("0d0a0d0a000d0a515549540a 2000000f 03000488 9da1df 200005 0000000000");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(31, header.HeaderLength);
        Assert.Equal(ProxyCommand.Local, header.Command);
        Assert.True(header.Crc32CVerified);
        Assert.Equal(new byte[] { 0x03, 0x20 }, header.Tlvs.Select(t => t.Type).ToArray());
    }

    // tibordp/proxy-header V2_TCPV4_TLV: CRC32C d399d8d8 (stale), UNIQUE_ID "1234", SSL with sub-TLVs.
    private static byte[] ProxyHeaderTcpV4TlvFixture() => Hex.Bytes(
        "0d0a0d0a000d0a515549540a 21110068 7f000001 c0a80001 3039 01bb" +
        "030004 d399d8d8 050004 31323334" +
        "20004b 07 00000000 210007 544c5376312e33 220009 6c6f63616c686f7374 250007 525341343039 36" +
        "24000a 5253412d534841323536 230016 544c535f4145535f3235365f47434d5f534841333834");

    [Fact]
    public async Task Wrong_example_proxy_header_tcpv4_tlv_fixture_d399d8d8_is_rejected_by_default()
    {
        var input = ProxyHeaderTcpV4TlvFixture();
        Assert.Equal(16 + 104, input.Length);
        await ParseHarness.InvalidAsync(input, ProxyError.V2Crc32CMismatch, 31);
    }

    [Fact]
    public async Task Wrong_example_proxy_header_tcpv4_tlv_fixture_is_reported_unverified_in_report_mode()
    {
        var header = await ParseHarness.ValidAsync(ProxyHeaderTcpV4TlvFixture(), ReportOnly);
        Assert.False(header.Crc32CVerified);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:12345"), header.Source);
        Assert.Equal(new byte[] { 0x03, 0x05, 0x20 }, header.Tlvs.Select(t => t.Type).ToArray());
    }

    [Fact]
    public async Task Wrong_example_proxy_header_tcpv4_tlv_fixture_is_right_with_812146e0()
    {
        var input = ProxyHeaderTcpV4TlvFixture();
        BinaryPrimitives.WriteUInt32BigEndian(input.AsSpan(31), 0x812146E0);
        Assert.True((await ParseHarness.ValidAsync(input)).Crc32CVerified);
    }
}
