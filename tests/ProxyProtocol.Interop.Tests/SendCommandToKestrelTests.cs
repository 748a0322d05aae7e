using ProxyProtocol.Interop.Tests.Harness;

namespace ProxyProtocol.Interop.Tests;

/// <summary><c>proxyproto send</c> (its own process) → Kestrel: the README's quick check of a PROXY-enabled service.</summary>
public sealed class SendCommandToKestrelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("--v1")]
    [InlineData("--v2 --authority app.example --crc32c")]
    public async Task Send_kestrel_sees_the_client_we_sent(string flags)
    {
        await using var app = await TestKestrelApp.StartOnEachLoopbackAsync(output);
        var (exit, stdout, stderr) = await ToolProcess.RunAsync(
            output,
            ["send", app.V4.ToString(), .. flags.Split(' '), "-s", "203.0.113.7:51000", "-d", "10.0.0.1:80",
             "--data", @"GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"],
            TimeSpan.FromSeconds(30));
        var text = stdout + stderr;

        Assert.Equal(0, exit);
        Assert.Contains("HTTP/1.1 200 OK", text, StringComparison.Ordinal);
        Assert.Contains("remote=203.0.113.7:51000\n", text, StringComparison.Ordinal);
        Assert.Contains("destination=10.0.0.1:80\n", text, StringComparison.Ordinal);
        if (flags.Contains("authority", StringComparison.Ordinal))
        {
            Assert.Contains("authority=app.example\n", text, StringComparison.Ordinal);
            Assert.Contains("crc32c=True\n", text, StringComparison.Ordinal);
        }
    }
}
