using System.Diagnostics;
using System.Net;
using System.Text;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>
/// The inputs behind known PROXY-protocol CVEs, against a real Kestrel on an IPv4-only loopback socket: each has a
/// clean outcome (served correctly, or closed with a named reason), no error log and no unhandled exception.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class CveRegressionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task CVE_2021_23351_unbounded_v1_line_is_cut_at_107_bytes()
    {
        // UNKNOWN's tail is free-form, so only the 107-byte limit stops it; an address field is stopped sooner.
        await ExpectRejectedAsync(Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('x', 64 * 1024)), "v1_line_too_long");
        await ExpectRejectedAsync(Encoding.ASCII.GetBytes("PROXY TCP4 " + new string('1', 64 * 1024)), "v1_invalid_source_address");
    }

    [Fact]
    public async Task CVE_2021_23409_silent_client_is_closed_at_the_header_timeout()
    {
        var before = await Server.StatsAsync();
        var watch = Stopwatch.StartNew(); // before connecting: the server's clock starts no earlier than this
        using var socket = await RawTcp.ConnectAsync(Server.ProxyEndPoint);
        var reply = await RawTcp.ReadToCloseAsync(socket, ServerFixture.HeaderTimeout + TimeSpan.FromSeconds(5));
        Assert.NotNull(reply);
        Assert.Empty(reply);
        Assert.InRange(watch.Elapsed, ServerFixture.HeaderTimeout - TimeSpan.FromMilliseconds(200), ServerFixture.HeaderTimeout + TimeSpan.FromSeconds(2));
        await ExpectCountAsync(before, "rejected.timeout", 1);
    }

    [Fact]
    public async Task CVE_2019_14243_truncated_v2_address_block()
    {
        // len 4 under PROXY TCP4, whose block needs 12: named error, no read past the header.
        await ExpectRejectedAsync(Convert.FromHexString("0d0a0d0a000d0a515549540a21110004c0a80164"), "v2_address_block_too_short");

        // A TCP6 header cut inside its address block, then the client closes: a clean close, no crash.
        var header = new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[2001:db8::1]:1"), IPEndPoint.Parse("[2001:db8::2]:2")).Build().Encode();
        var before = await Server.StatsAsync();
        Assert.True(await HostileClient.PlayAsync(Server.ProxyEndPoint, HostileMove.CloseMidHeader, header[..30]));
        await Task.Delay(200);
        var after = await Server.StatsAsync();
        Assert.Equal(1, after["rejected"] - before["rejected"]);
        Assert.Equal(0, after.Errors);

        // Every truncation of it, parsed directly, is Incomplete, never an index error.
        for (var n = 0; n < header.Length; n++)
        {
            Assert.True(ProxyHeaderParser.Validate(header.AsSpan(0, n)).IsIncomplete);
            Assert.True(ProxyHeaderParser.Parse(header.AsSpan(0, n), out _).IsIncomplete);
        }
    }

    [Theory]
    [InlineData("v2", "remote=2001:db8::1:4711")]
    [InlineData("v1", "remote=2001:db8::1:4711")]
    [InlineData("v2-v4-mapped", "remote=::ffff:192.0.2.1:4711")]
    public async Task CVE_2024_23325_ipv6_source_on_an_ipv4_only_socket_is_served(string form, string expected)
    {
        // The server listens on 127.0.0.1 only; the header names IPv6 endpoints. The app sees them; nothing tries to
        // use them as socket addresses.
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, Server.ProxyEndPoint.AddressFamily);
        var header = form switch
        {
            "v1" => Encoding.ASCII.GetBytes("PROXY TCP6 2001:db8::1 2001:db8::2 4711 443\r\n"),
            "v2" => new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[2001:db8::1]:4711"), IPEndPoint.Parse("[2001:db8::2]:443")).Build().Encode(),
            _ => new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("192.0.2.1:4711"), IPEndPoint.Parse("[2001:db8::2]:443")).Build().Encode(),
        };
        var (body, _) = await Wire.TimedRequestAsync(Server.ProxyEndPoint, header);
        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData("0d0a0d0a000d0a515549540a20000000")] // v2 LOCAL, no addresses (the Envoy case)
    [InlineData("0d0a0d0a000d0a515549540a200000040000015a")] // v2 LOCAL with a TLV of type 0 (AWS NLB health check)
    [InlineData("0d0a0d0a000d0a515549540a20110000")] // v2 LOCAL naming TCP4 but carrying no block
    [InlineData("0d0a0d0a000d0a515549540a21000000")] // v2 PROXY UNSPEC
    [InlineData("50524f585920554e4b4e4f574e0d0a")] // v1 PROXY UNKNOWN
    public async Task CVE_2024_23327_headers_without_addresses_keep_the_socket_endpoints(string hex)
    {
        var (body, _) = await Wire.TimedRequestAsync(Server.ProxyEndPoint, Convert.FromHexString(hex));
        Assert.StartsWith("remote=127.0.0.1:", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CVE_2024_23324_invalid_utf8_in_tlvs_never_reaches_text_or_the_forwarded_header()
    {
        var before = await Server.StatsAsync();
        var badUtf8 = new byte[] { 0x61, 0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80, 0x0D, 0x0A }; // also CR LF
        var header = new ProxyHeaderBuilder().Proxy(Wire.Client4, Wire.Server4)
            .AddTlv(0x02, badUtf8)
            .AddTlv(0x20, [0x01, 0, 0, 0, 0, 0x21, 0, 7, .. "TLSv1.3"u8, 0x22, 0, 2, 0xC0, 0xAF])
            .Build().Encode();
        var request = "GET /tlv HTTP/1.1\r\nHost: localhost\r\nForwarded: for=evil;host=evil.example\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n"u8.ToArray();
        var (body, _) = await Wire.TimedRequestAsync(Server.ProxyEndPoint, header, request);

        Assert.Equal("(null)", HttpReply.Line(body, "authority")); // the typed accessor refuses invalid UTF-8
        Assert.Equal(Convert.ToHexString(badUtf8), HttpReply.Line(body, "authority.raw")); // the raw bytes stay available
        Assert.Equal("(null)", HttpReply.Line(body, "ssl.cn"));
        Assert.Equal("TLSv1.3", HttpReply.Line(body, "ssl.version"));
        Assert.Equal("for=\"192.0.2.10:50000\";proto=https", HttpReply.Line(body, "forwarded")); // built from the connection only
        Assert.Equal(string.Empty, HttpReply.Line(body, "x-forwarded-host"));
        var after = await Server.StatsAsync();
        Assert.Equal(before.Errors, after.Errors);
    }

    [Fact]
    public async Task HAProxy_style_tlv_overruns_are_rejected_or_contained()
    {
        // A TLV whose length runs past the header: the header is invalid.
        await ExpectRejectedAsync(Convert.FromHexString("0d0a0d0a000d0a515549540a21110010c0a801640a000001dc041f9002ffff61"), "v2_tlv_overrun");

        // An SSL TLV whose sub-TLV runs past the SSL value: the header is valid, the typed SSL value is not.
        var header = new ProxyHeaderBuilder().Proxy(Wire.Client4, Wire.Server4).AddTlv(0x20, [0x01, 0, 0, 0, 0, 0x21, 0, 9, 0x54]).Build().Encode();
        var (body, _) = await Wire.TimedRequestAsync(Server.ProxyEndPoint, header, "GET /tlv HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray());
        Assert.Equal("(null)", HttpReply.Line(body, "ssl.version"));
    }

    private async Task ExpectRejectedAsync(byte[] bytes, string reason)
    {
        var before = await Server.StatsAsync();
        Assert.Equal(string.Empty, await Wire.ExchangeAsync(Server.ProxyEndPoint, bytes));
        await ExpectCountAsync(before, "rejected." + reason, 1);
    }

    private async Task ExpectCountAsync(ServerStats before, string name, long delta)
    {
        var after = await Server.StatsAsync();
        Assert.Equal(delta, after[name] - before[name]);
        Assert.Equal(before["accepted"], after["accepted"]);
        Assert.Equal(0, after.Errors);
    }
}
