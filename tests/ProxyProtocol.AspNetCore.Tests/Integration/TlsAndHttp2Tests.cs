using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>TLS terminated by Kestrel after the header, and HTTP/2 (h2c prior knowledge and h2 over TLS with ALPN).</summary>
public sealed class TlsAndHttp2Tests
{
    [Fact]
    public async Task Https_after_the_header_http11_over_raw_ssl_stream()
    {
        await using var app = await StartAsync(HttpProtocols.Http1, tls: true);
        using var socket = await RawTcp.ConnectAsync(app.EndPoint);
        await socket.SendAsync(Headers.V1);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == TestCertificate.Instance.GetCertHashString(),
        });
        await ssl.WriteAsync(Headers.HttpGet());
        var body = Body(await new StreamReader(ssl, Encoding.UTF8).ReadToEndAsync());

        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
        Assert.Equal("https", Line(body, "scheme"));
        Assert.StartsWith("Tls", Line(body, "tls"), StringComparison.Ordinal);
        Assert.Equal("for=\"192.168.1.100:56324\";proto=https", Line(body, "h.Forwarded"));
    }

    [Fact]
    public async Task Https_configuration_endpoint_reads_the_header_before_tls()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"proxyprotocol-test-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(pfx, TestCertificate.Instance.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
        try
        {
            await using var app = await TestKestrelApp.StartAsync(builder => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(builder.Configuration, new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
                ["Kestrel:Endpoints:Https:Certificate:Path"] = pfx,
            }));
            using var client = CreateClient(Headers.V4Source);
            var body = await client.GetStringAsync(new Uri($"https://localhost:{app.Port}/"));
            Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
            Assert.Equal("https", Line(body, "scheme"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Https_without_the_header_is_closed_before_tls()
    {
        await using var app = await StartAsync(HttpProtocols.Http1, tls: true);
        using var socket = await RawTcp.ConnectAsync(app.EndPoint);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await Assert.ThrowsAnyAsync<Exception>(() => ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }).WaitAsync(ExchangeTimeout));
        Assert.Equal(0, app.Requests);
    }

    [Fact]
    public async Task H2c_prior_knowledge()
    {
        await using var app = await StartAsync(HttpProtocols.Http2, tls: false);
        using var client = CreateClient(Headers.V6Source);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{app.Port}/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2", Line(body, "protocol"));
        Assert.Equal("[2001:db8::1]:4711", Line(body, "remote"));
        Assert.StartsWith("PROXY v2", Line(body, "header"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task H2_over_tls_with_alpn()
    {
        await using var app = await StartAsync(HttpProtocols.Http1AndHttp2, tls: true);
        using var client = CreateClient(Headers.V4Source);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{app.Port}/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2", Line(body, "protocol"));
        Assert.Equal("https", Line(body, "scheme"));
        Assert.Equal("192.168.1.100:56324", Line(body, "remote"));
    }

    /// <summary>An endpoint from Listen with TLS configured in its own callback: the web host's defaults run first.</summary>
    private static Task<TestKestrelApp> StartAsync(HttpProtocols protocols, bool tls) => TestKestrelApp.StartAsync(builder =>
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            if (tls)
            {
                listen.UseHttps(TestCertificate.Instance, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
            }
        })));

    /// <summary>An HttpClient whose every connection starts with a PROXY v2 header naming <paramref name="source"/>.</summary>
    private static HttpClient CreateClient(IPEndPoint source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ProxyProtocolWriter.CreateConnectCallback(context =>
                new ProxyHeaderBuilder().Proxy(source, source.AddressFamily == AddressFamily.InterNetwork ? Headers.V4Destination : Headers.V6Destination).Build()),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == TestCertificate.Instance.GetCertHashString(),
            },
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        return new HttpClient(handler) { Timeout = ExchangeTimeout };
    }
}
