using System.Net;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>curl → <c>proxyproto relay</c> (v2 + TLVs, its own process) → the HelloProxy sample (its own process).</summary>
public sealed class FullChainTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Curl_relay_hello_proxy_shows_curls_address_and_the_relay_stops_cleanly_on_sigterm()
    {
        var curl = Peer.Require("curl", output);
        var helloEndPoint = Ports.Free(IPAddress.Loopback);
        await using var app = await HelloProxySample.StartAsync(output, helloEndPoint);
        await using var relay = await ToolProcess.StartRelayAsync(
            output,
            ["--upstream", helloEndPoint.ToString(), "--v2", "--authority", "hello.example", "--alpn", "http/1.1", "--unique-id", "chain-1", "--crc32c"]);

        var (exit, text) = await Peer.RunAsync(
            curl,
            ["-sS", "--max-time", "10", "-w", "\ncurl_local=%{local_ip}:%{local_port}\n", $"http://{relay.EndPoint}/"],
            TimeSpan.FromSeconds(20));
        output.WriteLine(text);
        Assert.Equal(0, exit);
        var curlLocal = text.Split('\n').Single(l => l.StartsWith("curl_local=", StringComparison.Ordinal))["curl_local=".Length..];

        Assert.Contains($"Real client: {curlLocal}\n", text, StringComparison.Ordinal);
        Assert.Contains($"src={curlLocal}, dst={relay.EndPoint}", text, StringComparison.Ordinal);
        Assert.Contains("version=2", text, StringComparison.Ordinal);
        Assert.Contains("TLV Authority: hello.example", text, StringComparison.Ordinal);
        Assert.Contains("TLV ALPN: http/1.1", text, StringComparison.Ordinal);
        Assert.Contains("TLV CRC32C: verified", text, StringComparison.Ordinal);

        var line = await relay.WaitForLineAsync(l => l.Contains(" #1 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains($"#1 {curlLocal}: sent a v2 header: TCP4 {curlLocal} -> {relay.EndPoint}, TLVs ", line, StringComparison.Ordinal);

        Assert.Equal(0, await relay.TerminateAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("stopped after 1 connection(s)", relay.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Balancer_relay_with_pass_tlvs_all_hello_proxy_shows_the_balancers_client_and_authority()
    {
        var helloEndPoint = Ports.Free(IPAddress.Loopback);
        await using var app = await HelloProxySample.StartAsync(output, helloEndPoint);
        await using var relay = await ToolProcess.StartRelayAsync(output, ["--upstream", helloEndPoint.ToString(), "--accept-proxy", "--pass-tlvs", "all", "--crc32c"]);

        // A balancer in front of the relay: its header names the client and the host the client asked for.
        var balancer = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("198.51.100.7:4000"), IPEndPoint.Parse("203.0.113.1:443"))
            .AddAuthority("passed.example")
            .Build();
        var text = await RawHttp.GetAsync(relay.EndPoint, balancer.Encode());
        output.WriteLine(text);

        Assert.Contains("Real client: 198.51.100.7:4000\n", text, StringComparison.Ordinal);
        Assert.Contains("TLV Authority: passed.example", text, StringComparison.Ordinal);
        Assert.Contains("TLV CRC32C: verified", text, StringComparison.Ordinal);
        var line = await relay.WaitForLineAsync(l => l.Contains(" #1 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("received a v2 header: TCP4 198.51.100.7:4000 -> 203.0.113.1:443, TLVs 0x02[14] (", line, StringComparison.Ordinal);
        Assert.Contains("; sent a v2 header: TCP4 198.51.100.7:4000 -> 203.0.113.1:443, TLVs 0x02[14] 0x03[4] (", line, StringComparison.Ordinal);
    }
}
