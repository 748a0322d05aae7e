using System.Net;
using System.Net.Sockets;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Readers;

/// <summary>docs/spec-rules.md §RECV.9 and §GEN.7: a complete header in every datagram, parsed on its own, with the payload after it.</summary>
public sealed class DatagramTests
{
    [Fact]
    public void Datagram_gives_the_header_and_the_payload_slice()
    {
        var header = V2Bytes.Header(0x21, 0x12, V2Bytes.IPv4Block);
        var datagram = Hex.Concat(header, Hex.Ascii("dns query"));
        var result = ProxyHeaderParser.ParseDatagram(datagram, out var parsed, out var payload);
        Assert.Equal(ProxyParseResult.Complete(28), result);
        Assert.Equal(ProxyTransport.Datagram, parsed!.Transport);
        Assert.Equal("dns query"u8.ToArray(), payload.ToArray());
    }

    [Fact]
    public void Datagram_with_a_header_split_off_is_truncated_never_incomplete()
    {
        var header = V2Bytes.Header(0x21, 0x12, V2Bytes.IPv4Block);
        for (var k = 0; k < header.Length; k++)
        {
            var result = ProxyHeaderParser.ParseDatagram(header.AsMemory(0, k), out var parsed, out var payload);
            Assert.Equal(ProxyParseResult.Invalid(ProxyError.Truncated, k), result);
            Assert.Null(parsed);
            Assert.True(payload.IsEmpty);
        }
    }

    [Fact]
    public void Datagram_with_an_invalid_header_reports_its_reason()
    {
        var result = ProxyHeaderParser.ParseDatagram(V2Bytes.Header(0x21, 0x13, V2Bytes.IPv4Block), out _, out _);
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.V2InvalidTransport, 13), result);
    }

    [Fact]
    public async Task Every_datagram_over_loopback_udp_is_parsed_on_its_own()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var headers = new[]
        {
            new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:5000"), IPEndPoint.Parse("192.0.2.2:53"), ProxyTransport.Datagram).Build(),
            new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[2001:db8::7]:5001"), IPEndPoint.Parse("[2001:db8::8]:53"), ProxyTransport.Datagram).AddCrc32C().Build(),
        };
        for (var i = 0; i < headers.Length; i++)
        {
            await client.SendToAsync(Hex.Concat(headers[i].Encode(), [(byte)i, 0xAB]), server.LocalEndPoint!);
        }

        var buffer = new byte[2048];
        for (var i = 0; i < headers.Length; i++)
        {
            var received = await server.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TimeSpan.FromSeconds(10));
            var result = ProxyHeaderParser.ParseDatagram(buffer.AsMemory(0, received.ReceivedBytes), out var parsed, out var payload);
            Assert.True(result.IsComplete, result.ToString());
            Assert.Equal(headers[i], parsed);
            Assert.Equal(new byte[] { (byte)i, 0xAB }, payload.ToArray());
        }
    }
}
