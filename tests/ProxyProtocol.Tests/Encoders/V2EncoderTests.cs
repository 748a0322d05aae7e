using System.Buffers.Binary;
using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Encoders;

/// <summary>v2 encoding: PROXY and LOCAL, every family and transport, TLVs in order, CRC32C computed last.</summary>
public sealed class V2EncoderTests
{
    private static readonly IPEndPoint Source4 = IPEndPoint.Parse("192.0.2.1:49152");
    private static readonly IPEndPoint Destination4 = IPEndPoint.Parse("198.51.100.2:443");
    private static readonly IPEndPoint Source6 = IPEndPoint.Parse("[2001:db8::1]:49152");
    private static readonly IPEndPoint Destination6 = IPEndPoint.Parse("[2001:db8::2]:443");

    [Theory]
    [InlineData(ProxyTransport.Stream, 0x11)]
    [InlineData(ProxyTransport.Datagram, 0x12)]
    public void PROXY_ipv4_is_written_byte_for_byte(ProxyTransport transport, byte fam) =>
        Assert.Equal(V2Bytes.Header(0x21, fam, V2Bytes.IPv4Block), new ProxyHeaderBuilder().Proxy(Source4, Destination4, transport).Build().Encode());

    [Theory]
    [InlineData(ProxyTransport.Stream, 0x21)]
    [InlineData(ProxyTransport.Datagram, 0x22)]
    public void PROXY_ipv6_is_written_byte_for_byte(ProxyTransport transport, byte fam) =>
        Assert.Equal(V2Bytes.Header(0x21, fam, V2Bytes.IPv6Block), new ProxyHeaderBuilder().Proxy(Source6, Destination6, transport).Build().Encode());

    [Fact]
    public void PROXY_with_mixed_families_writes_ipv6_with_the_ipv4_side_mapped()
    {
        var bytes = new ProxyHeaderBuilder().Proxy(Source4, Destination6).Build().Encode();
        Assert.Equal(0x21, bytes[13]);
        Assert.Equal(IPAddress.Parse("::ffff:192.0.2.1").GetAddressBytes(), bytes.AsSpan(16, 16).ToArray());
    }

    [Theory]
    [InlineData(ProxyTransport.Stream, 0x31)]
    [InlineData(ProxyTransport.Datagram, 0x32)]
    public void PROXY_unix_is_written_byte_for_byte(ProxyTransport transport, byte fam) =>
        Assert.Equal(
            V2Bytes.Header(0x21, fam, V2Bytes.UnixBlock("/run/a.sock", "/run/b.sock")),
            new ProxyHeaderBuilder().ProxyUnix("/run/a.sock", "/run/b.sock", transport).Build().Encode());

    [Fact]
    public void Unix_path_longer_than_108_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().ProxyUnix(new string('a', 109), "/b"));

    [Fact]
    public void LOCAL_is_written_with_unspec_and_len_0()
    {
        Assert.Equal(V2Bytes.Header(0x20, 0x00), new ProxyHeaderBuilder().Local().Build().Encode());
        Assert.Equal(V2Bytes.Header(0x20, 0x00), new ProxyHeaderBuilder().Build().Encode());
    }

    [Fact]
    public void LOCAL_with_tlvs_counts_them_in_len() =>
        Assert.Equal(
            V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0x00, 1, 2, 3, 4)),
            new ProxyHeaderBuilder().Local().AddTlv(0x00, [1, 2, 3, 4]).Build().Encode());

    [Fact]
    public void PROXY_unspec_is_written_for_unknown() =>
        Assert.Equal(V2Bytes.Header(0x21, 0x00), new ProxyHeaderBuilder().Unknown().Build().Encode());

    [Fact]
    public void TLVs_are_written_in_the_callers_order_including_repeats()
    {
        var bytes = new ProxyHeaderBuilder().Proxy(Source4, Destination4)
            .AddTlv(0x02, "b.example"u8).AddTlv(0x01, "h2"u8).AddTlv(0x02, "a.example"u8).AddTlv(0xE0, []).Build().Encode();
        Assert.Equal(
            V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x02, Hex.Ascii("b.example")), V2Bytes.Tlv(0x01, Hex.Ascii("h2")), V2Bytes.Tlv(0x02, Hex.Ascii("a.example")), V2Bytes.Tlv(0xE0)),
            bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void CRC32C_is_computed_last_over_the_whole_header_wherever_the_tlv_sits(int position)
    {
        var builder = new ProxyHeaderBuilder().Proxy(Source6, Destination6);
        var tlvs = new List<byte[]> { V2Bytes.Tlv(0x01, Hex.Ascii("h2")), V2Bytes.Tlv(0x02, Hex.Ascii("example.com")) };
        for (var i = 0; i <= tlvs.Count; i++)
        {
            if (i == position)
            {
                builder.AddCrc32C();
            }

            if (i < tlvs.Count)
            {
                builder.AddTlv(tlvs[i][0], tlvs[i].AsSpan(3));
            }
        }

        var header = builder.Build();
        var bytes = header.Encode();
        tlvs.Insert(position, V2Bytes.Tlv(0x03, 0, 0, 0, 0));
        var valueOffset = 52 + tlvs.Take(position).Sum(t => t.Length) + 3;
        var expected = V2Bytes.WithCrc(V2Bytes.Header(0x21, 0x21, [V2Bytes.IPv6Block, .. tlvs]), valueOffset);
        Assert.Equal(expected, bytes);
        Assert.True(header.Crc32CVerified);
        Assert.True(header.TryGetTlv(0x03, out var crc));
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(expected.AsSpan(valueOffset)), BinaryPrimitives.ReadUInt32BigEndian(crc.Span));
    }

    [Fact]
    public void CRC32C_tlv_cannot_be_added_raw_or_twice()
    {
        var builder = new ProxyHeaderBuilder().AddCrc32C();
        Assert.Throws<InvalidOperationException>(() => builder.AddCrc32C());
        Assert.Throws<ArgumentException>(() => builder.AddTlv(0x03, [0, 0, 0, 0]));
    }

    [Fact]
    public async Task Reencoding_a_header_with_a_stale_crc32c_writes_the_correct_checksum()
    {
        var stale = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x03, 1, 2, 3, 4));
        var parsed = await ParseHarness.ValidAsync(stale, new ProxyParserOptions { RejectCrc32CMismatch = false });
        Assert.Equal(V2Bytes.WithCrc(stale, 31), parsed.Encode());
    }

    [Fact]
    public void Typed_tlv_is_written_with_its_subtype_and_read_back()
    {
        var header = new ProxyHeaderBuilder().Local().AddTlv(new TestVendorTlv(0xBEEF)).Build();
        Assert.Equal(V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0xE9, 0x07, 0xBE, 0xEF)), header.Encode());
        Assert.True(header.TryGetTlv<TestVendorTlv>(out var value));
        Assert.Equal(0xBEEF, value.Value);
    }

    [Fact]
    public void Typed_tlv_with_another_subtype_or_malformed_value_is_not_found()
    {
        Assert.False(new ProxyHeaderBuilder().AddTlv(0xE9, [0x08, 0xBE, 0xEF]).Build().TryGetTlv<TestVendorTlv>(out _));
        Assert.False(new ProxyHeaderBuilder().AddTlv(0xE9, [0x07, 0xBE]).Build().TryGetTlv<TestVendorTlv>(out _));
    }

    [Theory]
    [InlineData(BrokenTlv.Fault.NegativeLength)]
    [InlineData(BrokenTlv.Fault.ShortWrite)]
    [InlineData(BrokenTlv.Fault.Throws)]
    public void Typed_tlv_whose_codec_fails_leaves_the_builder_as_it_was(BrokenTlv.Fault fault)
    {
        // A codec is user code ([ProxyTlv] types may implement IProxyTlv themselves): when it breaks its contract, the
        // builder must not keep a TLV header without its value, which would corrupt every TLV added after it.
        var builder = new ProxyHeaderBuilder().Local().AddTlv(0xE1, [1]);
        var before = builder.Build().Encode();
        Assert.Throws<InvalidOperationException>(() => builder.AddTlv(new BrokenTlv(fault)));
        Assert.Equal(before, builder.Build().Encode());
        Assert.Equal(V2Bytes.Header(0x20, 0x00, V2Bytes.Tlv(0xE1, 1), V2Bytes.Tlv(0xE2, 2)), builder.AddTlv(0xE2, [2]).Build().Encode());
    }

    [Theory]
    [InlineData(BrokenTlv.Fault.HugeLength)]
    [InlineData(BrokenTlv.Fault.OneTooLong)]
    public void Typed_tlv_longer_than_a_tlv_holds_is_refused_and_leaves_the_builder_as_it_was(BrokenTlv.Fault fault)
    {
        var builder = new ProxyHeaderBuilder().Local().AddTlv(0xE1, [1]);
        var before = builder.Build().Encode();
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddTlv(new BrokenTlv(fault))).ParamName);
        Assert.Equal(before, builder.Build().Encode());
    }

    [Fact]
    public void Header_longer_than_16_plus_65535_is_refused()
    {
        var builder = new ProxyHeaderBuilder().Proxy(Source4, Destination4).AddTlv(0x04, new byte[65535 - 12 - 3]);
        Assert.Equal(65551, builder.Build().HeaderLength);
        builder.AddTlv(0x04, []);
        Assert.Throws<InvalidOperationException>(() => builder.Build());
    }

    /// <summary>A vendor TLV 0xE8 with subtype 0x01 whose codec breaks its contract in one way.</summary>
    public readonly record struct BrokenTlv(BrokenTlv.Fault Mode) : IProxyTlv<BrokenTlv>
    {
        public enum Fault
        {
            NegativeLength,
            ShortWrite,
            Throws,
            HugeLength,
            OneTooLong,
        }

        public static byte Type => 0xE8;

        public static byte? Subtype => 0x01;

        public static bool TryDecode(ReadOnlyMemory<byte> value, out BrokenTlv result)
        {
            result = default;
            return false;
        }

        public static int GetEncodedLength(in BrokenTlv value) => value.Mode switch
        {
            Fault.NegativeLength => -1,
            Fault.HugeLength => int.MaxValue, // with the subtype byte, more than an int holds
            Fault.OneTooLong => ushort.MaxValue, // with the subtype byte, one more than a TLV holds
            _ => 4,
        };

        public static int Encode(in BrokenTlv value, Span<byte> destination)
        {
            destination.Fill(0xFF);
            return value.Mode == Fault.ShortWrite ? 2 : throw new InvalidOperationException("The codec failed.");
        }
    }

    /// <summary>A vendor TLV 0xE9 with subtype 0x07 and a big-endian 16-bit value, written by hand for the interface.</summary>
    private readonly record struct TestVendorTlv(ushort Value) : IProxyTlv<TestVendorTlv>
    {
        public static byte Type => 0xE9;

        public static byte? Subtype => 0x07;

        public static bool TryDecode(ReadOnlyMemory<byte> value, out TestVendorTlv result)
        {
            result = default;
            if (value.Length != 2)
            {
                return false;
            }

            result = new TestVendorTlv(BinaryPrimitives.ReadUInt16BigEndian(value.Span));
            return true;
        }

        public static int GetEncodedLength(in TestVendorTlv value) => 2;

        public static int Encode(in TestVendorTlv value, Span<byte> destination)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination, value.Value);
            return 2;
        }
    }
}
