using System.Diagnostics;
using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>
/// <c>HeaderRequired = false</c> on a real Kestrel: clients that speak first (HTTP/1.1, HTTP/2 with prior knowledge,
/// TLS) are served at once with their socket address, nowhere near the header timeout; a balancer's header is still
/// read.
/// </summary>
public sealed class MigrationModeTests
{
    private static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Http1_h2_prior_knowledge_and_tls_without_a_header_are_served_promptly()
    {
        await using var app = await TestKestrelApp.StartAsync(
            builder => builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
                k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
                k.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(TestCertificate.Instance);
                });
            }),
            options: o =>
            {
                o.HeaderRequired = false;
                o.Parser = o.Parser with { HeaderTimeout = HeaderTimeout };
            });
        using var metrics = new Metrics(app.App.Services);
        var (h1, h2c, tls) = (app.Addresses[0].Port, app.Addresses[1].Port, app.Addresses[2].Port);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == TestCertificate.Instance.GetCertHashString() },
            PooledConnectionLifetime = TimeSpan.Zero,
        })
        { Timeout = HeaderTimeout * 2 };

        var cases = new (string Url, Version Version)[]
        {
            ($"http://127.0.0.1:{h1}/", HttpVersion.Version11),
            ($"http://127.0.0.1:{h2c}/", HttpVersion.Version20),
            ($"https://localhost:{tls}/", HttpVersion.Version11),
            ($"https://localhost:{tls}/", HttpVersion.Version20),
        };
        foreach (var (url, version) in cases)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
            var body = await response.Content.ReadAsStringAsync();
            watch.Stop();

            Assert.True(watch.Elapsed < Prompt, $"{url} over HTTP/{version} took {watch.Elapsed} (header timeout {HeaderTimeout})");
            Assert.Equal(version, response.Version);
            Assert.Equal("none", Line(body, "header"));
            Assert.StartsWith("127.0.0.1:", Line(body, "remote"), StringComparison.Ordinal); // the socket's address
        }

        Assert.Equal(cases.Length, Metrics.Sum(metrics.WithoutHeader));
        Assert.Empty(metrics.RejectionReasons());

        // The balancer's connections still carry headers, and those are honoured.
        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, h1), Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
    }

    /// <summary>
    /// Why the mode is a startup warning: until the balancer sends headers it relays each client's bytes as they are, so
    /// a header a client writes arrives from a trusted peer and is believed.
    /// </summary>
    [Fact]
    public async Task Optional_header_is_a_startup_warning_for_a_client_can_forge_a_header_through_a_balancer_that_sends_none()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o =>
        {
            o.HeaderRequired = false;
            o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8"));
        });
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "HeaderOptional");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.StartsWith("The PROXY header is optional on http://127.0.0.1:", warning.Message, StringComparison.Ordinal);

        // 127.0.0.1 plays a trusted balancer that does not send headers yet and passes a client's bytes on.
        var forged = Headers.Concat(Headers.Ascii("PROXY TCP4 203.0.113.66 10.0.0.1 4444 80\r\n"), Headers.HttpGet());
        Assert.Equal("203.0.113.66:4444", Line(Body(await ExchangeAsync(app.EndPoint, forged)), "remote"));
    }
}
