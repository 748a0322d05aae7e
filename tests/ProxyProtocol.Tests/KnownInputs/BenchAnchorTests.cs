using System.Net;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.KnownInputs;

/// <summary>The five benchmark inputs (bench/inputs.json) decode to the values they were built from.</summary>
public sealed class BenchAnchorTests
{
    [Fact]
    public async Task Anchor_v1_tcp4()
    {
        var input = Hex.Bytes("50524f58592054435034203139322e3136382e312e3130302031302e302e302e3120353633323420383038300d0a");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(input.Length, header.HeaderLength);
        Assert.Equal(IPEndPoint.Parse("192.168.1.100:56324"), header.Source);
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:8080"), header.Destination);
        Assert.Equal(input, header.Encode());
    }

    [Fact]
    public async Task Anchor_v1_tcp6()
    {
        var input = Hex.Bytes("50524f5859205443503620323030313a6462383a383561333a3a386132653a3337303a3733333420323030313a6462383a3a31203536333234203434330d0a");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(ProxyAddressFamily.InterNetworkV6, header.AddressFamily);
        Assert.Equal(IPEndPoint.Parse("[2001:db8:85a3::8a2e:370:7334]:56324"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:443"), header.Destination);
        Assert.Equal(input, header.Encode());
    }

    [Fact]
    public async Task Anchor_v2_ipv4()
    {
        var input = Hex.Bytes("0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(ProxyVersion.V2, header.Version);
        Assert.Equal(ProxyTransport.Stream, header.Transport);
        Assert.Equal(IPEndPoint.Parse("192.168.1.100:56324"), header.Source);
        Assert.Equal(IPEndPoint.Parse("10.0.0.1:8080"), header.Destination);
        Assert.Empty(header.Tlvs);
        Assert.Equal(input, header.Encode());
    }

    [Fact]
    public async Task Anchor_v2_ipv6()
    {
        var input = Hex.Bytes("0d0a0d0a000d0a515549540a2121002420010db800000000000000000000000120010db80000000000000000000000029c4001bb");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:40000"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::2]:443"), header.Destination);
        Assert.Equal(input, header.Encode());
    }

    [Fact]
    public async Task Anchor_v2_tlvs()
    {
        var input = Hex.Bytes("0d0a0d0a000d0a515549540a21110039c0a801640a000001dc041f90010002683202000b6578616d706c652e636f6d050010000102030405060708090a0b0c0d0e0f030004835fe847");
        var header = await ParseHarness.ValidAsync(input);
        Assert.Equal(IPEndPoint.Parse("192.168.1.100:56324"), header.Source);
        Assert.True(header.Crc32CVerified);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x05, 0x03 }, header.Tlvs.Select(t => t.Type).ToArray());
        Assert.True(header.TryGetTlv(0x01, out var alpn));
        Assert.Equal("h2"u8.ToArray(), alpn.ToArray());
        Assert.True(header.TryGetTlv(0x02, out var authority));
        Assert.Equal("example.com"u8.ToArray(), authority.ToArray());
        Assert.True(header.TryGetTlv(0x05, out var id));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), id.ToArray());
        Assert.Equal(input, header.Encode());
    }
}
