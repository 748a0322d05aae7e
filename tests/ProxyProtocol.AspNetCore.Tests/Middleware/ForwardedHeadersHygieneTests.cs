using System.Net;
using Microsoft.AspNetCore.Http;
using ProxyProtocol.AspNetCore.Internal;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class ForwardedHeadersHygieneTests
{
    private static readonly string[] Spoofed = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Real-IP"];

    [Fact]
    public async Task Rewrite_removes_client_headers_and_adds_one_forwarded()
    {
        var context = await RunAsync(Headers.V1, ForwardedHeadersHygiene.Rewrite);

        foreach (var name in Spoofed.Skip(1))
        {
            Assert.False(context.Request.Headers.ContainsKey(name), name);
        }

        Assert.Equal("for=\"192.168.1.100:56324\"", Assert.Single(context.Request.Headers["Forwarded"].ToArray()));
    }

    [Fact]
    public async Task Rewrite_ipv6_is_bracketed_with_port()
    {
        var context = await RunAsync(Headers.V2V6WithTlvs, ForwardedHeadersHygiene.Rewrite);
        Assert.Equal("for=\"[2001:db8::1]:4711\"", context.Request.Headers["Forwarded"].ToString());
    }

    [Fact]
    public async Task Rewrite_ssl_tlv_with_client_bit_adds_proto_https_but_leaves_scheme_by_default()
    {
        var context = await RunAsync(Headers.V2WithSslClient(), ForwardedHeadersHygiene.Rewrite);
        Assert.Equal("for=\"192.168.1.100:56324\";proto=https", context.Request.Headers["Forwarded"].ToString());
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task Ssl_tlv_without_client_bit_adds_no_proto()
    {
        var context = await RunAsync(Headers.V2WithSslClient(clientUsedTls: false), ForwardedHeadersHygiene.Rewrite, setScheme: true);
        Assert.Equal("for=\"192.168.1.100:56324\"", context.Request.Headers["Forwarded"].ToString());
        Assert.Equal("http", context.Request.Scheme);
    }

    [Fact]
    public async Task SetHttpsScheme_when_the_ssl_tlv_says_tls()
    {
        var context = await RunAsync(Headers.V2WithSslClient(), ForwardedHeadersHygiene.Off, setScheme: true);
        Assert.Equal("https", context.Request.Scheme);
        Assert.True(context.Request.IsHttps);
    }

    [Fact]
    public async Task Strip_removes_and_adds_nothing()
    {
        var context = await RunAsync(Headers.V1, ForwardedHeadersHygiene.Strip);
        foreach (var name in Spoofed)
        {
            Assert.False(context.Request.Headers.ContainsKey(name), name);
        }
    }

    [Fact]
    public async Task Off_leaves_headers_alone()
    {
        var context = await RunAsync(Headers.V1, ForwardedHeadersHygiene.Off);
        foreach (var name in Spoofed)
        {
            Assert.Equal("spoofed", context.Request.Headers[name].ToString());
        }
    }

    [Fact]
    public async Task Connection_without_accepted_header_is_untouched()
    {
        var context = NewContext();
        var called = false;
        await new ForwardedHeadersHygieneMiddleware(_ => { called = true; return Task.CompletedTask; }).InvokeAsync(context);
        Assert.True(called);
        Assert.Equal("spoofed", context.Request.Headers["X-Forwarded-For"].ToString());
    }

    [Theory]
    [InlineData("192.0.2.1", 80, false, "for=\"192.0.2.1:80\"")]
    [InlineData("2001:db8::1", 0, true, "for=\"[2001:db8::1]:0\";proto=https")]
    [InlineData("::ffff:192.0.2.1", 5, false, "for=\"[::ffff:192.0.2.1]:5\"")]
    [InlineData("fe80::1%3", 5, false, "for=\"[fe80::1]:5\"")]
    public void Format_follows_rfc7239(string address, int port, bool https, string expected) =>
        Assert.Equal(expected, ForwardedHeadersHygieneMiddleware.Format(IPAddress.Parse(address), port, https));

    [Fact]
    public void Format_without_address_is_unknown() => Assert.Equal("for=unknown", ForwardedHeadersHygieneMiddleware.Format(null, 0, false));

    private static async Task<HttpContext> RunAsync(byte[] header, ForwardedHeadersHygiene hygiene, bool setScheme = false)
    {
        Assert.True(ProxyHeaderParser.Parse(header, out var parsed).IsComplete);
        Assert.NotNull(parsed);
        var context = NewContext();
        if (parsed.Source is { } source)
        {
            context.Connection.RemoteIpAddress = source.Address;
            context.Connection.RemotePort = source.Port;
        }

        context.Features.Set<IProxyProtocolFeature>(new ProxyProtocolFeature(parsed, IPEndPoint.Parse("127.0.0.1:1"), IPEndPoint.Parse("127.0.0.1:2"), hygiene, setScheme));
        var reached = false;
        await new ForwardedHeadersHygieneMiddleware(_ => { reached = true; return Task.CompletedTask; }).InvokeAsync(context);
        Assert.True(reached);
        return context;
    }

    private static DefaultHttpContext NewContext()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        foreach (var name in Spoofed)
        {
            context.Request.Headers[name] = "spoofed";
        }

        return context;
    }
}
