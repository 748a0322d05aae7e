using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>curl 7.88 <c>--haproxy-protocol</c> (v1, TCP4 and TCP6) → Kestrel.</summary>
public sealed class CurlToKestrelTests(ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HaproxyProtocol_curls_own_address_reaches_the_handler(bool ipv6)
    {
        var curl = Peer.Require("curl", output);
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var target = ipv6 ? app.V6 : app.V4;
        var (exit, text) = await Peer.RunAsync(
            curl,
            ["-sS", "--max-time", "10", "--haproxy-protocol", "-w", "\ncurl_local=%{local_ip}:%{local_port}\n", $"http://{target}/"],
            TimeSpan.FromSeconds(20));
        output.WriteLine(text);
        Assert.Equal(0, exit);
        var echo = TestKestrelApp.Parse(text);
        var local = echo["curl_local"];
        var curlEndPoint = ipv6 ? $"[{local[..local.LastIndexOf(':')]}]{local[local.LastIndexOf(':')..]}" : local;

        Assert.Equal("1", echo["version"]);
        Assert.Equal(ipv6 ? "InterNetworkV6" : "InterNetwork", echo["family"]); // TCP6 / TCP4
        Assert.Equal(curlEndPoint, echo["source"]);
        Assert.Equal(curlEndPoint, echo["remote"]);
        Assert.Equal(target.ToString(), echo["destination"]);
    }
}
