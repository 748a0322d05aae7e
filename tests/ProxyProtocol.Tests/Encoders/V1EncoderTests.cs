using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Encoders;

/// <summary>v1 encoding: TCP4, TCP6 and UNKNOWN lines, byte for byte.</summary>
public sealed class V1EncoderTests
{
    [Fact]
    public void TCP4_line_is_written_as_the_spec_example()
    {
        var header = new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(IPEndPoint.Parse("192.168.0.1:56324"), IPEndPoint.Parse("192.168.0.11:443")).Build();
        Assert.Equal(Hex.Ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"), header.Encode());
        Assert.Equal(47, header.GetEncodedLength());
        Assert.Equal(47, header.HeaderLength);
    }

    [Theory]
    [InlineData("[2001:db8::1]:1", "[::1]:65535", "PROXY TCP6 2001:db8::1 ::1 1 65535\r\n")]
    [InlineData("[2001:db8:0:0:1:0:0:1]:0", "[1::]:80", "PROXY TCP6 2001:db8::1:0:0:1 1:: 0 80\r\n")]
    [InlineData("[2001:DB8:0:1:1:1:1:1]:5", "[::]:6", "PROXY TCP6 2001:db8:0:1:1:1:1:1 :: 5 6\r\n")]
    [InlineData("[::ffff:10.0.0.1]:5", "[2001:db8::2]:6", "PROXY TCP6 ::ffff:10.0.0.1 2001:db8::2 5 6\r\n")]
    [InlineData("10.0.0.1:5", "[2001:db8::2]:6", "PROXY TCP6 ::ffff:10.0.0.1 2001:db8::2 5 6\r\n")]
    public void TCP6_line_uses_rfc_5952_text_and_writes_an_ipv4_side_as_v4_mapped(string source, string destination, string expected)
    {
        var header = new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(IPEndPoint.Parse(source), IPEndPoint.Parse(destination)).Build();
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(header.Encode()));
        Assert.Equal(ProxyAddressFamily.InterNetworkV6, header.AddressFamily);
    }

    [Fact]
    public void UNKNOWN_line_is_the_15_byte_short_form()
    {
        Assert.Equal(Hex.Ascii("PROXY UNKNOWN\r\n"), new ProxyHeaderBuilder(ProxyVersion.V1).Unknown().Build().Encode());
        Assert.Equal(Hex.Ascii("PROXY UNKNOWN\r\n"), new ProxyHeaderBuilder(ProxyVersion.V1).Build().Encode());
    }

    [Fact]
    public async Task UNKNOWN_line_with_a_tail_reencodes_as_the_short_form()
    {
        var parsed = await ParseHarness.ValidAsync(Hex.Ascii("PROXY UNKNOWN foo bar\r\n"));
        Assert.Equal(Hex.Ascii("PROXY UNKNOWN\r\n"), parsed.Encode());
    }

    [Fact]
    public void V1_cannot_carry_tlvs_local_udp_or_unix()
    {
        var builder = new ProxyHeaderBuilder(ProxyVersion.V1);
        Assert.Throws<InvalidOperationException>(() => builder.AddTlv(0x02, "a"u8));
        Assert.Throws<InvalidOperationException>(() => builder.AddCrc32C());
        Assert.Throws<InvalidOperationException>(() => builder.Local());
        Assert.Throws<InvalidOperationException>(() => builder.ProxyUnix("/a", "/b"));
        Assert.Throws<ArgumentException>(() => builder.Proxy(IPEndPoint.Parse("1.2.3.4:1"), IPEndPoint.Parse("1.2.3.4:2"), ProxyTransport.Datagram));
    }

    [Fact]
    public void TryEncode_reports_a_destination_too_small_and_writes_nothing()
    {
        var header = new ProxyHeaderBuilder(ProxyVersion.V1).Proxy(IPEndPoint.Parse("1.2.3.4:1"), IPEndPoint.Parse("5.6.7.8:2")).Build();
        var buffer = new byte[header.GetEncodedLength() - 1];
        Assert.False(header.TryEncode(buffer, out var written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
        Assert.True(header.TryEncode(new byte[header.GetEncodedLength()], out written));
        Assert.Equal(header.GetEncodedLength(), written);
    }
}
