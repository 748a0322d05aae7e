using System.Net;
using System.Text.RegularExpressions;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>
/// The sample's README commands, end to end: the built HelloProxy app runs as its own process on an ephemeral port
/// (<c>--urls http://127.0.0.1:0</c>), and the README's <c>printf ... | nc</c> lines are run through /bin/sh when
/// <c>nc</c> is installed; without it the same bytes go through a raw socket.
/// </summary>
public sealed partial class HelloProxySampleTests
{
    private const string V1Command = @"printf 'PROXY TCP4 192.168.1.100 10.0.0.1 56324 8080\r\nGET / HTTP/1.1\r\nHost: localhost\r\n\r\n' | nc 127.0.0.1 {PORT}";
    private const string V2Command = @"printf '\015\012\015\012\000\015\012QUIT\012!\021\000\032\300\250\001d\012\000\000\001\334\004\037\220\002\000\013example.comGET / HTTP/1.1\r\nHost: localhost\r\n\r\n' | nc 127.0.0.1 {PORT}";

    [Fact]
    public async Task Readme_commands_show_the_real_client()
    {
        await using var sample = Start();
        var port = await ListeningPortAsync(sample);

        var v1 = await RunAsync(V1Command, port);
        Assert.Contains("Real client: 192.168.1.100:56324\n", v1, StringComparison.Ordinal);
        Assert.Contains("PROXY header: version=1, transport=TCP4, src=192.168.1.100:56324, dst=10.0.0.1:8080", v1, StringComparison.Ordinal);

        var v2 = await RunAsync(V2Command, port);
        Assert.Contains("Real client: 192.168.1.100:56324\n", v2, StringComparison.Ordinal);
        Assert.Contains("PROXY header: version=2, transport=TCP4", v2, StringComparison.Ordinal);
        Assert.Contains("TLV Authority: example.com", v2, StringComparison.Ordinal);

        // Typed TLVs (the generator's accessors) are listed when present.
        var typed = new ProxyHeaderBuilder().Proxy(Headers.V6Source, Headers.V6Destination)
            .AddSsl(new SslTlv { Client = SslClientFlags.Ssl, Version = "TLSv1.3", CommonName = "client.example" })
            .AddUniqueId(new byte[] { 0xAB, 0xCD })
            .AddAwsVpcEndpointId("vpce-0123")
            .Build().Encode();
        var v2Typed = await RawClient.ExchangeAsync(new IPEndPoint(IPAddress.Loopback, port), Headers.Concat(typed, Headers.HttpGet()));
        Assert.Contains("Real client: [2001:db8::1]:4711\n", v2Typed, StringComparison.Ordinal);
        Assert.Contains("PROXY header: version=2, transport=TCP6, src=[2001:db8::1]:4711, dst=[2001:db8::2]:443", v2Typed, StringComparison.Ordinal);
        Assert.Contains("TLV SSL: client used TLS=True", v2Typed, StringComparison.Ordinal);
        Assert.Contains("version=TLSv1.3, cn=client.example", v2Typed, StringComparison.Ordinal);
        Assert.Contains("TLV Unique ID: ABCD\n", v2Typed, StringComparison.Ordinal);
        Assert.Contains("TLV AWS VPC endpoint: vpce-0123\n", v2Typed, StringComparison.Ordinal);
        Assert.Contains("Forwarded: for=\"[2001:db8::1]:4711\";proto=https", v2Typed, StringComparison.Ordinal);

        // No header: closed, nothing answered.
        Assert.Equal(string.Empty, await RawClient.ExchangeAsync(new IPEndPoint(IPAddress.Loopback, port), Headers.HttpGet()));
    }

    /// <summary>The reported reproduction: appsettings.json trusts 127.0.0.0/8 and ::1/128, the operator narrows the
    /// list to 10.0.0.0/8 from the environment, and a spoofed header from 127.0.0.1 is refused.</summary>
    [Fact]
    public async Task Trusted_networks_from_the_environment_replace_the_files_list()
    {
        await using var sample = Start(new Dictionary<string, string> { ["ProxyProtocol__TrustedNetworks"] = "10.0.0.0/8" });
        var port = await ListeningPortAsync(sample);

        Assert.Contains(sample.Output.Lines, line => line.Contains("PROXY protocol enabled on http://127.0.0.1:0: header required", StringComparison.Ordinal)
            && line.Contains(", 1 trusted network: 10.0.0.0/8,", StringComparison.Ordinal));
        const string Spoof = @"printf 'PROXY TCP4 192.0.2.1 10.0.0.1 5000 80\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n' | nc 127.0.0.1 {PORT}";
        Assert.Equal(string.Empty, await RunAsync(Spoof, port));
    }

    /// <summary>Migration mode from the environment: a plain request keeps the socket's address, a PROXY request gets the
    /// header's client.</summary>
    [Fact]
    public async Task Header_required_false_from_the_environment_serves_plain_and_proxied_requests()
    {
        await using var sample = Start(new Dictionary<string, string> { ["ProxyProtocol__HeaderRequired"] = "false" });
        var port = await ListeningPortAsync(sample);
        Assert.Contains(sample.Output.Lines, line => line.Contains("(PROXY header optional)", StringComparison.Ordinal));
        Assert.Contains(sample.Output.Lines, line => line.Contains(": header optional,", StringComparison.Ordinal));

        const string Plain = @"printf 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n' | nc 127.0.0.1 {PORT}";
        var plain = await RunAsync(Plain, port);
        Assert.Contains("Real client: 127.0.0.1:", plain, StringComparison.Ordinal);
        Assert.Contains("PROXY header: none\n", plain, StringComparison.Ordinal);

        Assert.Contains("Real client: 192.168.1.100:56324\n", await RunAsync(V1Command, port), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(V1Command)]
    [InlineData(V2Command)]
    public async Task Socket_fallback_sends_what_printf_writes(string command)
    {
        var printf = command[..command.IndexOf(" | nc", StringComparison.Ordinal)];
        var (_, written, _) = await TestProcess.RunBinaryAsync("/bin/sh", ["-c", printf], RawClient.ExchangeTimeout);
        Assert.Equal(written, PrintfBytes(command));
    }

    /// <summary>Runs the README line with the sample's port: through sh and nc when nc exists, else over a socket.</summary>
    private static async Task<string> RunAsync(string command, int port)
    {
        var line = command.Replace("{PORT}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (FindOnPath("nc") is not null)
        {
            return (await TestProcess.RunAsync("/bin/sh", ["-c", line], RawClient.ExchangeTimeout)).Stdout;
        }

        return await RawClient.ExchangeAsync(new IPEndPoint(IPAddress.Loopback, port), PrintfBytes(line));
    }

    /// <summary>What printf writes for the command's format string (octal and \r \n escapes only).</summary>
    private static byte[] PrintfBytes(string line)
    {
        var format = line[(line.IndexOf('\'', StringComparison.Ordinal) + 1)..line.LastIndexOf('\'')];
        var bytes = new List<byte>();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '\\')
            {
                bytes.Add((byte)format[i]);
            }
            else if (format[i + 1] is 'r' or 'n')
            {
                bytes.Add(format[++i] == 'r' ? (byte)'\r' : (byte)'\n');
            }
            else
            {
                bytes.Add(Convert.ToByte(format.Substring(i + 1, 3), 8));
                i += 3;
            }
        }

        return bytes.ToArray();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The built sample on an ephemeral port, with extra environment variables as an operator would set them.</summary>
    private static TestProcess Start(IReadOnlyDictionary<string, string>? environment = null) =>
        TestProcess.StartDotnet(Repository.BuiltDll("samples/HelloProxy"), ["--urls", "http://127.0.0.1:0"], environment: environment);

    private static async Task<int> ListeningPortAsync(TestProcess sample) =>
        int.Parse((await sample.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(60))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"HelloProxy listening on http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}
