using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;
using IPNetwork = System.Net.IPNetwork;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>HTTP/1.1 through a real Kestrel on 127.0.0.1, with raw sockets playing the balancer.</summary>
public sealed class Http1Tests
{
    [Fact]
    public async Task V1_the_app_sees_the_real_client()
    {
        await using var app = await TestKestrelApp.StartAsync();
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet())));

        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
        Assert.Equal("10.0.0.1:8080", Line(body, "local"));
        Assert.Equal("PROXY v1 PROXY TCP/IPv4 192.168.1.100:56324 -> 10.0.0.1:8080", Line(body, "header"));
        Assert.StartsWith("127.0.0.1:", Line(body, "socket"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_ipv4()
    {
        await using var app = await TestKestrelApp.StartAsync();
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2V4, Headers.HttpGet())));
        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
        Assert.StartsWith("PROXY v2 PROXY TCP/IPv4", Line(body, "header"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2_udp_header_on_this_tcp_connection_is_refused_by_default_and_accepted_when_allowed()
    {
        var udp = new ProxyHeaderBuilder().Proxy(Headers.V4Source, Headers.V4Destination, ProxyTransport.Datagram).Build().Encode();
        await using (var app = await TestKestrelApp.StartAsync())
        {
            using var metrics = new Metrics(app.App.Services);
            Assert.Equal(string.Empty, await ExchangeAsync(app.EndPoint, Headers.Concat(udp, Headers.HttpGet())));
            Assert.Equal(["transport_mismatch"], metrics.RejectionReasons());
            Assert.Equal(0, app.Requests);
        }

        await using (var app = await TestKestrelApp.StartAsync(builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            builder.Configuration, new Dictionary<string, string?> { ["ProxyProtocol:AllowTransportMismatch"] = "true" })))
        {
            var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(udp, Headers.HttpGet())));
            Assert.StartsWith("PROXY v2 PROXY UDP/IPv4", Line(body, "header"), StringComparison.Ordinal);
            Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled" && r.Message.Contains(", DGRAM headers accepted", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task V2_ipv6_with_tlvs_reach_the_handler()
    {
        await using var app = await TestKestrelApp.StartAsync(map: a => a.MapGet("/", (Microsoft.AspNetCore.Http.HttpContext c) =>
        {
            var header = c.GetProxyHeader()!;
            header.TryGetTlv(0x02, out var authority);
            return $"remote={c.Connection.RemoteIpAddress}:{c.Connection.RemotePort}\nauthority={System.Text.Encoding.ASCII.GetString(authority.Span)}\ncrc={header.Crc32CVerified}\n";
        }));
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2V6WithTlvs, Headers.HttpGet())));
        Assert.Equal("2001:db8::1:4711", Line(body, "remote"));
        Assert.Equal("example.com", Line(body, "authority"));
        Assert.Equal("True", Line(body, "crc"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Header_and_request_one_write_or_byte_at_a_time(bool byteAtATime)
    {
        await using var app = await TestKestrelApp.StartAsync();
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2V6WithTlvs, Headers.HttpGet()), byteAtATime));
        Assert.Equal("[2001:db8::1]:4711", Line(body, "remote"));
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")]
    [InlineData("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage that looks like TLS")]
    [InlineData("PROXY TCP4 192.168.1.100 10.0.0.1 56324 8080\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n")] // valid, but a second header is not HTTP: checks the layering
    public async Task No_header_or_garbage_closed_and_nothing_reaches_the_app(string input)
    {
        await using var app = await TestKestrelApp.StartAsync();
        using var metrics = new Metrics(app.App.Services);
        var bytes = input.StartsWith("PROXY TCP4 1.2.3.4", StringComparison.Ordinal)
            ? Headers.Concat(Headers.V1, Headers.Ascii(input)) // a header, then another header where HTTP should be
            : System.Text.Encoding.Latin1.GetBytes(input);
        var response = await ExchangeAsync(app.EndPoint, bytes);

        Assert.Equal(0, app.Requests);
        if (bytes.AsSpan().StartsWith(Headers.V1))
        {
            Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal); // Kestrel's own answer to non-HTTP
        }
        else
        {
            Assert.Equal(string.Empty, response);
            Assert.Single(metrics.RejectionReasons());
        }
    }

    [Fact]
    public async Task Stalled_header_closed_after_the_timeout_and_counted()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromMilliseconds(300) });
        using var metrics = new Metrics(app.App.Services);
        using var socket = await RawTcp.ConnectAsync(app.EndPoint);
        await socket.SendAsync(Headers.Ascii("PROXY TCP4 192.168.1.100 "));

        Assert.Equal(string.Empty, await ReadToEndAsync(socket)); // the server closes; ReadToEndAsync would throw after 15 s
        Assert.Equal(["timeout"], metrics.RejectionReasons());
        Assert.Equal(0, app.Requests);
    }

    [Fact]
    public async Task Untrusted_peer_rejected()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o => o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8")));
        using var metrics = new Metrics(app.App.Services);
        Assert.Equal(string.Empty, await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet())));
        Assert.Equal(0, app.Requests);
        Assert.Empty(metrics.RejectionReasons());
        Assert.Equal("reject", Assert.Single(metrics.UntrustedPeers.GetMeasurementSnapshot()).Tags[ProxyProtocol.AspNetCore.Internal.ProxyProtocolMetrics.PolicyTag]);
    }

    [Fact]
    public async Task Untrusted_peer_skipped_is_served_as_a_direct_client()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o =>
        {
            o.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));
            o.UntrustedPeerPolicy = UntrustedPeerPolicy.Skip;
        });
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.HttpGet(extraHeaders: "X-Forwarded-For: 6.6.6.6\r\n")));
        Assert.StartsWith("127.0.0.1:", Line(body, "remote"), StringComparison.Ordinal);
        Assert.Equal("none", Line(body, "header"));
        Assert.Equal("6.6.6.6", Line(body, "h.X-Forwarded-For")); // not our connection to clean: no header was accepted
    }

    [Fact]
    public async Task Trusted_peer_is_served()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o => o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet())));
        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("unknown")]
    public async Task Local_and_unknown_keep_the_socket_address(string kind)
    {
        await using var app = await TestKestrelApp.StartAsync();
        var header = kind == "local" ? Headers.V2Local : Headers.V1Unknown;
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(header, Headers.HttpGet())));
        Assert.StartsWith("127.0.0.1:", Line(body, "remote"), StringComparison.Ordinal);
        Assert.Equal($"127.0.0.1:{app.Port}", Line(body, "local"));
        Assert.NotEqual("none", Line(body, "header"));
    }

    [Fact]
    public async Task Forwarding_headers_from_the_client_are_replaced_by_one_from_the_proxy_header()
    {
        await using var app = await TestKestrelApp.StartAsync();
        var spoof = "X-Forwarded-For: 6.6.6.6\r\nForwarded: for=6.6.6.6\r\nX-Real-IP: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n";
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2WithSslClient(), Headers.HttpGet(extraHeaders: spoof))));

        Assert.Equal("for=\"192.168.1.100:56324\";proto=https", Line(body, "h.Forwarded"));
        Assert.Null(Line(body, "h.X-Forwarded-For"));
        Assert.Null(Line(body, "h.X-Real-IP"));
        Assert.Null(Line(body, "h.X-Forwarded-Proto"));
        Assert.Equal("http", Line(body, "scheme"));
    }

    [Fact]
    public async Task Forwarded_headers_middleware_sees_the_proxy_client_not_the_spoofed_header()
    {
        await using var app = await TestKestrelApp.StartAsync(map: a =>
        {
            a.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = null });
            a.MapGet("/", TestKestrelApp.Describe);
        });
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet(extraHeaders: "X-Forwarded-For: 6.6.6.6\r\n"))));
        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
    }

    [Fact]
    public async Task SslTlv_sets_https_scheme_when_asked()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o => o.SetHttpsSchemeFromSslTlv = true);
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2WithSslClient(), Headers.HttpGet())));
        Assert.Equal("https", Line(body, "scheme"));
    }

    [Fact]
    public async Task Keep_alive_second_request_on_the_connection_keeps_the_client()
    {
        await using var app = await TestKestrelApp.StartAsync();
        var keepAlive = Headers.Ascii("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var response = await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, keepAlive, Headers.HttpGet()));
        Assert.Equal(2, response.Split("remote=192.168.1.100:56324").Length - 1);
        Assert.Equal(2, app.Requests);
    }
}
