using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>
/// HAProxy 2.6 (send-proxy, send-proxy-v2, TLV options, TLS offload, health checks) → Kestrel with UseProxyProtocol.
/// Most configurations are docs/deployment/haproxy.md's (<see cref="DocsConfig"/>).
/// </summary>
public sealed class HAProxyToKestrelTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("send-proxy", 1)]
    [InlineData("send-proxy-v2", 2)]
    public async Task Client_address_and_port_ipv4_and_ipv6(string mode, int version)
    {
        using var dir = new TempDir();
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var v4 = Ports.Free(IPAddress.Loopback);
        var v6 = Ports.Free(IPAddress.IPv6Loopback);
        var config = DocsConfig.Load(
            "haproxy.md",
            "haproxy-tcp",
            ("bind :443", $"bind {v4}"),
            ("bind :::443", $"bind {v6}"),
            ("10.0.1.10:8443", app.V4.ToString()),
            ("send-proxy-v2 ", mode + " "));                          // the guide: "send-proxy instead of send-proxy-v2"
        await using var haproxy = await HAProxy.StartAsync(dir, config, output, v4, v6);

        foreach (var front in new[] { v4, v6 })
        {
            var (me, echo) = await GetAsync(front);
            output.WriteLine($"client {me} via {front}:\n{string.Join('\n', echo.Select(kv => $"  {kv.Key}={kv.Value}"))}");
            Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), echo["version"]);
            Assert.Equal(me.ToString(), echo["remote"]);                 // HttpContext.Connection: the real client
            Assert.Equal(me.ToString(), echo["source"]);
            Assert.Equal(front.ToString(), echo["destination"]);          // the address the client connected to
            Assert.StartsWith("127.0.0.1:", echo["socket"], StringComparison.Ordinal); // HAProxy's own connection
        }
    }

    [SkippableFact]
    public async Task SendProxyV2_with_crc32c_unique_id_and_authority_options()
    {
        using var dir = new TempDir();
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var v4 = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await HAProxy.StartAsync(
            dir,
            $$"""
            frontend fe
                mode tcp
                bind {{v4}}
                unique-id-format %{+X}o\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid
                default_backend be
            backend be
                mode tcp
                server app {{app.V4}} send-proxy-v2 proxy-v2-options crc32c,unique-id,authority
            """,
            output,
            v4);

        var (me, echo) = await GetAsync(v4);
        Assert.Equal("2", echo["version"]);
        Assert.Equal(me.ToString(), echo["remote"]);
        Assert.Equal("True", echo["crc32c"]);                                  // HAProxy's CRC32C verified by us
        var expectedId = $"{Convert.ToHexString(me.Address.GetAddressBytes())}:{me.Port:X4}_{Convert.ToHexString(v4.Address.GetAddressBytes())}:{v4.Port:X4}_";
        Assert.StartsWith(expectedId, echo["unique_id"], StringComparison.Ordinal); // %ci:%cp_%fi:%fp in hex (+X)
        Assert.Equal("-", echo["authority"]);                                  // no TLS, no SNI: HAProxy sends no AUTHORITY
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_offload_ssl_tlvs_describe_the_clients_tls(bool clientCertificate)
    {
        using var dir = new TempDir();
        using var certs = new TestCertificates(dir);
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var v4 = Ports.Free(IPAddress.Loopback);
        var config = DocsConfig.Load(
            "haproxy.md",
            "haproxy-tls-offload",
            ("bind :443", $"bind {v4}"),
            ("/etc/haproxy/certs/site.pem", certs.ServerPemFile),
            ("/etc/haproxy/certs/clients-ca.pem", certs.CaFile),
            ("10.0.1.10:8080", app.V4.ToString()));
        await using var haproxy = await HAProxy.StartAsync(dir, config, output, v4);

        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        using var socket = await RawTcp.ConnectAsync(v4, cts.Token);
        var me = (IPEndPoint)socket.LocalEndPoint!;
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "app.example",
                ClientCertificates = clientCertificate ? new X509CertificateCollection { certs.Client } : null,
                RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == certs.Server.GetCertHashString(),
            },
            cts.Token);
        await tls.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"), cts.Token);
        using var reader = new StreamReader(tls);
        var echo = TestKestrelApp.Parse(HttpReply.Body(await reader.ReadToEndAsync(cts.Token)));
        output.WriteLine(string.Join('\n', echo.Select(kv => $"  {kv.Key}={kv.Value}")));

        Assert.Equal(me.ToString(), echo["remote"]);
        Assert.Equal("app.example", echo["authority"]);                        // the SNI the client sent
        Assert.Equal("True", echo["crc32c"]);
        Assert.Equal(clientCertificate ? "Ssl, CertificateConnection, CertificateSession" : "Ssl", echo["ssl.client"]);
        Assert.Equal("0", echo["ssl.verify"]);                                 // 0 = verified (HAProxy also sends 0 without a certificate)
        Assert.Equal(tls.SslProtocol == SslProtocols.Tls13 ? "TLSv1.3" : "TLSv1.2", echo["ssl.version"]);
        Assert.Equal(tls.NegotiatedCipherSuite.ToString(), echo["ssl.cipher"]);
        Assert.Equal(clientCertificate ? "client.example" : string.Empty, echo["ssl.cn"]);

        // cert-sig and cert-key describe HAProxy's own (RSA 2048, SHA-256) certificate, not the client's (ECDSA P-256).
        Assert.Equal("RSA-SHA256", echo["ssl.sig_alg"]);
        Assert.Equal("RSA2048", echo["ssl.key_alg"]);
    }

    [SkippableFact]
    public async Task CheckSendProxy_health_checks_arrive_as_local()
    {
        using var dir = new TempDir();
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var v4 = Ports.Free(IPAddress.Loopback);
        var config = DocsConfig.Load("haproxy.md", "haproxy-http", ("bind :80", $"bind {v4}"), ("10.0.1.10:8080", app.V4.ToString()));
        await using var haproxy = await HAProxy.StartAsync(dir, config, output, v4);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        SeenRequest? check;
        while ((check = app.Seen.FirstOrDefault(s => s.Path == "/health")) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(check);
        Assert.Equal(ProxyCommand.Local, check.Header!.Command);
        Assert.Null(check.Header.Source);
        Assert.Equal(IPAddress.Loopback, check.RemoteAddress);                  // LOCAL keeps the socket's own address

        // Real traffic through the same backend still carries the client.
        var (me, echo) = await GetAsync(v4);
        Assert.Equal(me.ToString(), echo["remote"]);
    }

    // The guide's TCP configuration: a check connection carries a header whenever the server line sends one, with or
    // without check-send-proxy (which only matters once the check has a port or addr of its own).
    [SkippableTheory]
    [InlineData("send-proxy-v2", true)]
    [InlineData("send-proxy-v2", false)]
    [InlineData("send-proxy", false)]
    public async Task Tcp_health_checks_carry_a_header_with_or_without_check_send_proxy(string mode, bool checkSendProxy)
    {
        using var dir = new TempDir();
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var server = (IPEndPoint)backend.LocalEndpoint;
        var v4 = Ports.Free(IPAddress.Loopback);
        var v6 = Ports.Free(IPAddress.IPv6Loopback);
        List<(string From, string To)> replacements =
        [
            ("bind :443", $"bind {v4}"),
            ("bind :::443", $"bind {v6}"),
            ("10.0.1.10:8443", server.ToString()),
            ("send-proxy-v2 ", mode + " "),
        ];
        if (!checkSendProxy)
        {
            replacements.Add((" check-send-proxy", string.Empty));
        }

        var config = DocsConfig.Load("haproxy.md", "haproxy-tcp", [.. replacements]);
        await using var haproxy = await HAProxy.StartAsync(dir, config, output, v4, v6);

        var check = await FirstHealthCheckHeaderAsync(backend, server);
        output.WriteLine($"health check header: {check}");
        if (mode == "send-proxy-v2")
        {
            Assert.Equal(ProxyVersion.V2, check.Version);
            Assert.Equal(ProxyCommand.Local, check.Command);                   // no client: the app keeps the socket's address
        }
        else
        {
            Assert.Equal(ProxyVersion.V1, check.Version);                       // v1 has no LOCAL: HAProxy's own connection
            Assert.Equal(IPAddress.Loopback, check.Source!.Address);
        }
    }

    // HAProxy's start-up probe of its frontends is relayed too (a header whose destination is a frontend); a check's
    // header is LOCAL (v2) or names the server itself as the destination (v1).
    private async Task<ProxyHeader> FirstHealthCheckHeaderAsync(TcpListener backend, IPEndPoint server)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            using var connection = await backend.AcceptSocketAsync(cts.Token);
            var buffer = new byte[256];
            var length = 0;
            using var read = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            read.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                int n;
                while ((n = await connection.ReceiveAsync(buffer.AsMemory(length), read.Token)) > 0
                    && ProxyHeaderParser.Validate(buffer.AsSpan(0, length += n)).Status == ProxyParseStatus.Incomplete)
                {
                }
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
            }

            output.WriteLine($"backend connection from {connection.RemoteEndPoint}: {Convert.ToHexString(buffer, 0, length)}");
            if (ProxyHeaderParser.Parse(buffer.AsSpan(0, length), out var header).Status == ProxyParseStatus.Complete
                && (header!.Command == ProxyCommand.Local || header.Destination?.Port == server.Port))
            {
                return header;
            }
        }
    }

    private static async Task<(IPEndPoint Me, Dictionary<string, string> Echo)> GetAsync(IPEndPoint front)
    {
        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        using var socket = await RawTcp.ConnectAsync(front, cts.Token);
        var me = (IPEndPoint)socket.LocalEndPoint!;
        return (me, TestKestrelApp.Parse(HttpReply.Body(await RawHttp.RequestAsync(socket, "/", cts.Token))));
    }
}
