using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V2;

/// <summary>docs/spec-rules.md §TLV.1–§TLV.7: TLV framing inside <c>len</c>, unknown types kept, order and repeats, UNIQUE_ID ≤ 128.</summary>
public sealed class V2TlvTests
{
    [Fact]
    public async Task TLV_is_type_then_big_endian_length_of_the_value_then_value()
    {
        var value = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0xE7, value)));
        var tlv = Assert.Single(header.Tlvs);
        Assert.Equal(0xE7, tlv.Type);
        Assert.Equal(value, tlv.Value.ToArray());
    }

    [Fact]
    public async Task Zero_length_values_are_fine()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x01), V2Bytes.Tlv(0x02), V2Bytes.Tlv(0x04)));
        Assert.Equal(3, header.Tlvs.Count);
        Assert.All(header.Tlvs, t => Assert.True(t.Value.IsEmpty));
    }

    [Theory]
    [InlineData("020005 61626364")]
    [InlineData("02ffff 61")]
    [InlineData("0100 ")]
    [InlineData("01")]
    [InlineData("010000 02")]
    [InlineData("010000 0200")]
    [InlineData("010001 61 020003 6162")]
    public async Task TLV_must_lie_entirely_inside_the_header_and_no_1_or_2_byte_remainder_is_allowed(string tlvs)
    {
        var result = await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, Hex.Bytes(tlvs)), ProxyError.V2TlvOverrun);
        Assert.InRange(result.ErrorOffset, 28, 28 + 7);
    }

    [Fact]
    public async Task TLV_overrun_is_reported_at_the_tlv_that_overruns() =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x04, 1), Hex.Bytes("020009 6162")), ProxyError.V2TlvOverrun, 32);

    [Fact]
    public async Task TLV_looking_bytes_after_16_plus_len_are_application_data()
    {
        var header = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x02, Hex.Ascii("a")));
        var parsed = await ParseHarness.ValidAsync(Hex.Concat(header, V2Bytes.Tlv(0x05, 9, 9), [0x03, 0x00]));
        Assert.Equal(header.Length, parsed.HeaderLength);
        Assert.Single(parsed.Tlvs);
    }

    public static TheoryData<int> EveryTypeButCrc32C => new(Enumerable.Range(0, 256).Where(t => t != 0x03));

    [Theory]
    [MemberData(nameof(EveryTypeButCrc32C))]
    public async Task Unknown_reserved_and_custom_types_are_kept_raw_never_rejected(int type)
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv((byte)type, 0xDE, 0xAD)));
        var tlv = Assert.Single(header.Tlvs);
        Assert.Equal(type, tlv.Type);
        Assert.Equal(new byte[] { 0xDE, 0xAD }, tlv.Value.ToArray());
    }

    [Fact]
    public async Task TLV_order_and_repeats_are_kept_and_lookup_returns_the_first()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(
            0x21,
            0x11,
            V2Bytes.IPv4Block,
            V2Bytes.Tlv(0x02, Hex.Ascii("first")),
            V2Bytes.Tlv(0x01, Hex.Ascii("h2")),
            V2Bytes.Tlv(0x02, Hex.Ascii("second")),
            V2Bytes.Tlv(0xF8)));
        Assert.Equal(new byte[] { 0x02, 0x01, 0x02, 0xF8 }, header.Tlvs.Select(t => t.Type).ToArray());
        Assert.True(header.TryGetTlv(0x02, out var authority));
        Assert.Equal("first"u8.ToArray(), authority.ToArray());
        Assert.False(header.TryGetTlv(0x30, out _));
    }

    [Fact]
    public async Task NOOP_of_any_length_is_kept_and_ignored()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x04, new byte[36]), V2Bytes.Tlv(0x04)));
        Assert.Equal(2, header.Tlvs.Count);
        Assert.Equal(28 + 39 + 3, header.HeaderLength);
    }

    [Fact]
    public async Task Unique_id_of_128_bytes_is_accepted()
    {
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x05, new byte[128])));
        Assert.True(header.TryGetTlv(0x05, out var id));
        Assert.Equal(128, id.Length);
    }

    [Fact]
    public async Task Unique_id_over_128_bytes_is_rejected() =>
        await ParseHarness.InvalidAsync(
            V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x04, 1), V2Bytes.Tlv(0x05, new byte[129])),
            ProxyError.V2UniqueIdTooLong,
            32);

    [Fact]
    public async Task SSL_tlv_with_its_sub_tlvs_is_kept_raw_by_the_core()
    {
        var ssl = Hex.Concat([0x05], Hex.Bytes("00000000"), V2Bytes.Tlv(0x21, Hex.Ascii("TLSv1.3")), V2Bytes.Tlv(0x22, Hex.Ascii("client")));
        var header = await ParseHarness.ValidAsync(V2Bytes.Header(0x21, 0x21, V2Bytes.IPv6Block, V2Bytes.Tlv(0x20, ssl)));
        Assert.True(header.TryGetTlv(0x20, out var value));
        Assert.Equal(ssl, value.ToArray());
    }
}
