using System.Net;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>Our encoder, writer and relay → HAProxy <c>bind … accept-proxy</c>, which reports the addresses it received.</summary>
public sealed class OurSideToHAProxyTests(ITestOutputHelper output)
{
    private const string Report =
        "src=%[src] sport=%[src_port] dst=%[dst] dport=%[dst_port] authority=%[fc_pp_authority] unique=%[fc_pp_unique_id]";

    public static TheoryData<string> Variants => ["v1", "v2", "v2+crc32c", "v2+tlvs+crc32c"];

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public async Task Sending_api_haproxy_reports_the_client_we_sent(string variant)
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await StartAsync(dir, listen);

        var header = Build(variant, IPEndPoint.Parse("203.0.113.7:51000"), IPEndPoint.Parse("10.0.0.1:443"));
        using var socket = await ProxyProtocolWriter.ConnectAsync(listen, header);
        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        var body = HttpReply.Body(await RawHttp.RequestAsync(socket, "/", cts.Token));
        output.WriteLine($"{variant}: {body}");

        Assert.StartsWith("src=203.0.113.7 sport=51000 dst=10.0.0.1 dport=443", body, StringComparison.Ordinal);
        if (variant.Contains("tlvs", StringComparison.Ordinal))
        {
            Assert.Contains("authority=example.com unique=req-42", body, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Sending_api_ipv6_client()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await StartAsync(dir, listen);
        foreach (var version in new[] { ProxyVersion.V1, ProxyVersion.V2 })
        {
            var header = new ProxyHeaderBuilder(version)
                .Proxy(IPEndPoint.Parse("[2001:db8::7]:40000"), IPEndPoint.Parse("[2001:db8::1]:8443"))
                .Build();
            var body = HttpReply.Body(await RawHttp.GetAsync(listen, header.Encode()));
            Assert.StartsWith("src=2001:db8::7 sport=40000 dst=2001:db8::1 dport=8443", body, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task Wrong_crc32c_is_rejected_by_haproxy_the_right_one_accepted()
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await StartAsync(dir, listen);

        var good = Build("v2+tlvs+crc32c", IPEndPoint.Parse("198.51.100.9:1234"), IPEndPoint.Parse("10.0.0.1:80")).Encode();
        var bad = (byte[])good.Clone();
        bad[^1] ^= 0x01; // the CRC32C TLV is last: flip one bit of the checksum

        Assert.StartsWith("src=198.51.100.9", HttpReply.Body(await RawHttp.GetAsync(listen, good)), StringComparison.Ordinal);
        var reply = await RawHttp.GetAsync(listen, bad);
        output.WriteLine($"reply to the wrong CRC32C: '{reply}'");
        Assert.DoesNotContain("HTTP/1.1 200", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("src=198.51.100.9", reply, StringComparison.Ordinal);
        await haproxy.WaitForLineAsync(l => l.Contains("fe/1: Received an invalid PROXY protocol header", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
    }

    [SkippableTheory]
    [InlineData("--v1")]
    [InlineData("--v2")]
    [InlineData("--v2 --authority example.com --unique-id req-42 --crc32c")]
    public async Task Relay_haproxy_reports_the_relayed_client(string flags)
    {
        using var dir = new TempDir();
        var listen = Ports.Free(IPAddress.Loopback);
        await using var haproxy = await StartAsync(dir, listen);
        await using var relay = await ToolProcess.StartRelayAsync(output, ["--upstream", listen.ToString(), .. flags.Split(' ')]);

        using var cts = new CancellationTokenSource(RawHttp.Timeout);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        var me = (IPEndPoint)client.LocalEndPoint!;
        var body = HttpReply.Body(await RawHttp.RequestAsync(client, "/", cts.Token));
        output.WriteLine(body);

        Assert.StartsWith($"src={me.Address} sport={me.Port} dst={relay.EndPoint.Address} dport={relay.EndPoint.Port}", body, StringComparison.Ordinal);
        if (flags.Contains("authority", StringComparison.Ordinal))
        {
            Assert.Contains("authority=example.com unique=req-42", body, StringComparison.Ordinal);
        }
    }

    internal static ProxyHeader Build(string variant, IPEndPoint source, IPEndPoint destination)
    {
        var builder = new ProxyHeaderBuilder(variant == "v1" ? ProxyVersion.V1 : ProxyVersion.V2).Proxy(source, destination);
        if (variant.Contains("tlvs", StringComparison.Ordinal))
        {
            builder.AddTlv(0x02, "example.com"u8).AddTlv(0x05, "req-42"u8);
        }

        if (variant.Contains("crc32c", StringComparison.Ordinal))
        {
            builder.AddCrc32C();
        }

        return builder.Build();
    }

    private Task<TestProcess> StartAsync(TempDir dir, IPEndPoint listen) => HAProxy.StartAsync(
        dir,
        $"""
        frontend fe
            mode http
            bind {listen} accept-proxy
            http-request return status 200 content-type text/plain lf-string "{Report}"
        """,
        output,
        listen);
}
