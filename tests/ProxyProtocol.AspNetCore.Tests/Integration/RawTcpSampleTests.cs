using System.Net;
using System.Text;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>
/// The RawTcp sample as a process on an ephemeral port: the header is consumed by the core's socket reader and the
/// line protocol sees every byte that followed it in the same segment; bad headers and overlong lines close the
/// connection.
/// </summary>
public sealed partial class RawTcpSampleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Header_then_commands_in_one_write_are_served_with_the_real_client()
    {
        await using var sample = Start();
        var endPoint = await ListeningAsync(sample);
        var reply = await ExchangeAsync(endPoint, "PROXY TCP4 198.51.100.7 10.0.0.1 40000 9000\r\nWHOAMI\r\nECHO hi there\r\nQUIT\r\n");
        Assert.Equal("HELLO 198.51.100.7:40000\r\n198.51.100.7:40000 (V1, Proxy)\r\nhi there\r\nBYE\r\n", reply);

        var v2 = new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[2001:db8::7]:5000"), IPEndPoint.Parse("[2001:db8::1]:9000")).AddCrc32C().Build().Encode();
        reply = await ExchangeAsync(endPoint, [.. v2, .. "WHOAMI\r\nQUIT\r\n"u8]);
        Assert.Equal("HELLO [2001:db8::7]:5000\r\n[2001:db8::7]:5000 (V2, Proxy)\r\nBYE\r\n", reply);
    }

    [Fact]
    public async Task No_header_or_an_overlong_line_closes_without_serving()
    {
        await using var sample = Start();
        var endPoint = await ListeningAsync(sample);
        Assert.Equal(string.Empty, await ExchangeAsync(endPoint, "WHOAMI\r\n"));
        var reply = await ExchangeAsync(endPoint, "PROXY TCP4 198.51.100.7 10.0.0.1 40000 9000\r\n" + new string('A', 5000) + "\r\nWHOAMI\r\n");
        Assert.Equal("HELLO 198.51.100.7:40000\r\n", reply);
    }

    private static Task<string> ExchangeAsync(IPEndPoint endPoint, string data) => ExchangeAsync(endPoint, Encoding.ASCII.GetBytes(data));

    private static Task<string> ExchangeAsync(IPEndPoint endPoint, byte[] data) => RawTcp.ExchangeAsync(endPoint, data, Limit);

    private static TestProcess Start() => TestProcess.StartDotnet(Repository.BuiltDll("samples/RawTcp"), ["127.0.0.1:0"]);

    private static async Task<IPEndPoint> ListeningAsync(TestProcess sample) =>
        IPEndPoint.Parse((await sample.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(60))).Groups[1].Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"RawTcp listening on (\S+) ")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();
}
