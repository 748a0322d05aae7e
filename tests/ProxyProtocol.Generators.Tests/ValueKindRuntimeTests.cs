using System.Net;

namespace ProxyProtocol.Generators.Tests;

/// <summary>
/// The value kinds of [ProxyTlv] (UserTlvs.cs, generated at build time) and the registry's byte values: the documented
/// bytes on the wire, the round trip through builder, encode, parse and the typed property, and the rules for bad values.
/// </summary>
public sealed class ValueKindRuntimeTests
{
    private static ProxyHeader RoundTrip(Func<ProxyHeaderBuilder, ProxyHeaderBuilder> add, out string valueHex)
    {
        var built = add(new ProxyHeaderBuilder().Local()).Build();
        valueHex = Convert.ToHexString(built.Tlvs.Single().Value.Span);
        var result = ProxyHeaderParser.Parse(built.Encode(), out var parsed);
        Assert.True(result.IsComplete);
        return parsed!;
    }

    [Fact]
    public void Absent_tlv_reads_as_null_when_its_type_converts_from_null()
    {
        // 'found ? value : null' took the user's conversion from string for the null: an absent TLV read as a value.
        Assert.Null(new ProxyHeaderBuilder().Local().Build().Converted);
        Assert.Equal("x", new ProxyHeaderBuilder().Local().AddConverted("x").Build().Converted?.Value);
    }

    [Fact]
    public void Signed_integers_are_twos_complement_in_the_declared_byte_order()
    {
        Assert.Equal((sbyte)-2, RoundTrip(b => b.AddOffset8((sbyte)-2), out var hex).Offset8?.Value);
        Assert.Equal("FE", hex);
        Assert.Equal(-2, RoundTrip(b => b.AddDelta32Le(-2), out hex).Delta32Le?.Value);
        Assert.Equal("FEFFFFFF", hex);
        Assert.Equal(long.MinValue, RoundTrip(b => b.AddDelta64(long.MinValue), out hex).Delta64?.Value);
        Assert.Equal("8000000000000000", hex);
        Assert.Equal((Int128)(-1), RoundTrip(b => b.AddWide128(-1), out hex).Wide128?.Value);
        Assert.Equal(new string('F', 32), hex);
    }

    [Fact]
    public void Bool_is_one_byte_0_or_1_and_anything_else_reads_as_null()
    {
        Assert.True(RoundTrip(b => b.AddFlag(true), out var hex).Flag?.Value);
        Assert.Equal("01", hex);
        Assert.False(RoundTrip(b => b.AddFlag(false), out hex).Flag?.Value);
        Assert.Equal("00", hex);
        foreach (var bad in new byte[][] { [2], [0xFF], [], [0, 0] })
        {
            Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF1, bad).Build().Flag);
        }
    }

    [Fact]
    public void Enums_are_their_underlying_integer_and_undefined_values_read_as_they_are()
    {
        Assert.Equal(TierLevel.Gold, RoundTrip(b => b.AddTier(TierLevel.Gold), out var hex).Tier?.Value);
        Assert.Equal("0201", hex); // little-endian ushort
        Assert.Equal(Colour.Red, RoundTrip(b => b.AddPaint(Colour.Red), out hex).Paint?.Value);
        Assert.Equal("01", hex);
        Assert.Equal((TierLevel)7, new ProxyHeaderBuilder().Local().AddTlv(0xF2, [7, 0]).Build().Tier?.Value);
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF2, [7]).Build().Tier);
    }

    [Fact]
    public void Fixed_length_bytes_are_exactly_their_length()
    {
        var digest = default(Bytes4);
        digest[0] = 1;
        digest[3] = 4;
        var read = RoundTrip(b => b.AddDigest(digest), out var hex).Digest!.Value.Value;
        Assert.Equal("01000004", hex);
        Assert.Equal(new byte[] { 1, 0, 0, 4 }, ((ReadOnlySpan<byte>)read).ToArray());
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF4, [1, 2, 3]).Build().Digest);
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF4, [1, 2, 3, 4, 5]).Build().Digest);
    }

    [Fact]
    public void MinLength_and_max_length_bound_reading_and_writing()
    {
        Assert.Equal("abcd", RoundTrip(b => b.AddShortCode("abcd"), out var hex).ShortCode?.Value);
        Assert.Equal("61626364", hex);
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddShortCode("a"));
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddShortCode("abcde"));
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF5, "a"u8).Build().ShortCode);
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF5, "abcde"u8).Build().ShortCode);
        Assert.Throws<ArgumentException>(() => new ProxyHeaderBuilder().AddSmallBlob(new byte[4]));
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF6, new byte[4]).Build().SmallBlob);
    }

    [Fact]
    public void A_custom_codec_gets_the_typed_members_with_the_attributes_type_and_subtype()
    {
        var header = RoundTrip(b => b.AddPadding(new Padding(3)), out var hex);
        Assert.Equal("03000000", hex); // subtype 3, then three zero bytes
        Assert.Equal(3, header.Padding?.Length);
        Assert.Null(new ProxyHeaderBuilder().Local().AddTlv(0xF0, [3, 1]).Build().Padding);
    }

    [Fact]
    public void A_null_byte_array_is_refused_like_every_other_reference()
    {
        // It used to encode an empty TLV silently.
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddBlob((byte[])null!));
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddBlobStruct((byte[])null!));
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddBlobStruct(default(BlobStruct)));
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddTenantId((string)null!));
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddOriginalAddress((IPAddress)null!));
        Assert.Throws<ArgumentNullException>(() => new ProxyHeaderBuilder().AddBlob((Blob)null!));
    }

    [Fact]
    public void Byte_values_are_slices_of_the_header_and_reading_them_allocates_nothing()
    {
        var certificate = new byte[] { 0x30, 0x82, 1, 2 };
        var header = ProxyHeaderParser.Parse(new ProxyHeaderBuilder().Local()
            .AddAlpn("h2"u8.ToArray())
            .AddUniqueId(new byte[] { 1, 2, 3 })
            .AddAwsSomething(new byte[] { 9, 8 })
            .AddSsl(new SslTlv { Client = SslClientFlags.Ssl, ClientCertificate = certificate })
            .Build().Encode(), out var parsed).IsComplete ? parsed! : throw new InvalidOperationException();

        // Warm up (JIT, statics), then measure repeated reads.
        ReadAll(header);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ReadAll(header);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // The same memory every time: the header's own buffer, not a copy.
        Assert.True(header.Alpn!.Value.Span == header.Alpn!.Value.Span);
        Assert.True(header.Tlvs.RawBytes.Span.Overlaps(header.Alpn!.Value.Span));
        Assert.True(header.Tlvs.RawBytes.Span.Overlaps(header.UniqueId!.Value.Span));
        Assert.True(header.Tlvs.RawBytes.Span.Overlaps(header.AwsSomething!.Value.Value.Span));
        Assert.True(header.Tlvs.RawBytes.Span.Overlaps(header.Ssl!.Value.ClientCertificate!.Value.Span));
        Assert.Equal(certificate, header.Ssl!.Value.ClientCertificate!.Value.ToArray());
    }

    private static void ReadAll(ProxyHeader header)
    {
        _ = header.Alpn!.Value.Length;
        _ = header.UniqueId!.Value.Length;
        _ = header.AwsSomething!.Value.Value.Length;
        Assert.True(header.TryGetTlv<SslTlv>(out var ssl) && ssl.ClientCertificate is not null);
    }
}
