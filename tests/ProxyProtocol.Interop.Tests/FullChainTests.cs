using System.Net;
using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary>curl → <c>proxyproto relay</c> (v2 + TLVs, its own process) → the HelloProxy sample (its own process).</summary>
public sealed class FullChainTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Curl_Relay_HelloProxy_ShowsCurlsAddress_AndTheRelayStopsCleanlyOnSigterm()
    {
        var curl = Peer.Require("curl", output);
        var hello = HelloProxyDll();
        var helloEndPoint = Ports.Free(IPAddress.Loopback);
        await using var app = await PeerProcess.StartAsync(
            "HelloProxy",
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [hello, "--urls", $"http://{Ports.Text(helloEndPoint)}"],
            Path.GetDirectoryName(hello),
            output,
            helloEndPoint);
        await using var relay = await ToolProcess.StartRelayAsync(
            output,
            ["--upstream", Ports.Text(helloEndPoint), "--v2", "--authority", "hello.example", "--alpn", "http/1.1", "--unique-id", "chain-1", "--crc32c"]);

        var (exit, text) = await Peer.RunAsync(
            curl,
            ["-sS", "--max-time", "10", "-w", "\ncurl_local=%{local_ip}:%{local_port}\n", $"http://{Ports.Text(relay.EndPoint)}/"],
            TimeSpan.FromSeconds(20));
        output.WriteLine(text);
        Assert.Equal(0, exit);
        var curlLocal = text.Split('\n').Single(l => l.StartsWith("curl_local=", StringComparison.Ordinal))["curl_local=".Length..];

        Assert.Contains($"Real client: {curlLocal}\n", text, StringComparison.Ordinal);
        Assert.Contains($"src={curlLocal}, dst={Ports.Text(relay.EndPoint)}", text, StringComparison.Ordinal);
        Assert.Contains("version=2", text, StringComparison.Ordinal);
        Assert.Contains("TLV Authority: hello.example", text, StringComparison.Ordinal);
        Assert.Contains("TLV ALPN: http/1.1", text, StringComparison.Ordinal);
        Assert.Contains("TLV CRC32C: verified", text, StringComparison.Ordinal);

        var line = await relay.WaitForLineAsync(l => l.Contains(" #1 ", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains($"#1 {curlLocal}: sent PROXY v2 PROXY TCP/IPv4 {curlLocal} -> {Ports.Text(relay.EndPoint)}", line, StringComparison.Ordinal);

        Assert.Equal(0, await relay.TerminateAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("stopped after 1 connection(s)", relay.Stderr, StringComparison.Ordinal);
    }

    private static string HelloProxyDll()
    {
        // The test project builds the sample (ProjectReference without its assembly) in the same configuration.
        var binDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = binDir.Name;
        var configuration = binDir.Parent!.Name;
        var root = binDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ProxyProtocol.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var dll = Path.Combine(root.FullName, "samples", "HelloProxy", "bin", configuration, framework, "HelloProxy.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build samples/HelloProxy first.");
        return dll;
    }
}
