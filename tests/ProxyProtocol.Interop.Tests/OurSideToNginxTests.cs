using System.Net;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>Our encoder, writer and relay → nginx <c>listen … proxy_protocol</c>, which reports <c>$proxy_protocol_addr</c>.</summary>
public sealed class OurSideToNginxTests(ITestOutputHelper output)
{
    public static TheoryData<string> Variants => ["v1", "v2", "v2+crc32c", "v2+tlvs+crc32c"];

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public async Task Sending_api_nginx_reports_the_client_we_sent(string variant)
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var nginx = await StartAsync(dir, listen);

        var header = OurSideToHAProxyTests.Build(variant, IPEndPoint.Parse("203.0.113.7:51000"), IPEndPoint.Parse("10.0.0.1:443"));
        using var socket = await ProxyProtocolWriter.ConnectAsync(listen, header);
        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        var body = HttpReply.Body(await RawHttp.RequestAsync(socket, "/", cts.Token));
        output.WriteLine($"{variant}: {body}");
        Assert.StartsWith("addr=203.0.113.7 port=51000 server=10.0.0.1:443", body, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sending_api_ipv6_client()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var nginx = await StartAsync(dir, listen);
        foreach (var version in new[] { ProxyVersion.V1, ProxyVersion.V2 })
        {
            var header = new ProxyHeaderBuilder(version)
                .Proxy(IPEndPoint.Parse("[2001:db8::7]:40000"), IPEndPoint.Parse("[2001:db8::1]:8443"))
                .Build();
            var body = HttpReply.Body(await RawHttp.GetAsync(listen, header.Encode()));
            Assert.StartsWith("addr=2001:db8::7 port=40000 server=2001:db8::1:8443", body, StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData("--v1")]
    [InlineData("--v2 --authority example.com --crc32c")]
    public async Task Relay_nginx_reports_the_relayed_client(string flags)
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var nginx = await StartAsync(dir, listen);
        await using var relay = await ToolProcess.StartRelayAsync(output, ["--upstream", listen.ToString(), .. flags.Split(' ')]);

        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        var me = (IPEndPoint)client.LocalEndPoint!;
        var body = HttpReply.Body(await RawHttp.RequestAsync(client, "/", cts.Token));
        Assert.StartsWith($"addr={me.Address} port={me.Port} server={relay.EndPoint.Address}:{relay.EndPoint.Port}", body, StringComparison.Ordinal);
    }

    private Task<TestProcess> StartAsync(TempDir dir, IPEndPoint listen) => Nginx.StartAsync(
        dir,
        $$"""
        http {
            {{Nginx.HttpTempPaths(dir)}}
            server {
                listen {{listen}} proxy_protocol;
                location / {
                    default_type text/plain;
                    return 200 "addr=$proxy_protocol_addr port=$proxy_protocol_port server=$proxy_protocol_server_addr:$proxy_protocol_server_port";
                }
            }
        }
        """,
        output,
        stream: false,
        listen);
}
