using System.Net;
using System.Net.Sockets;
using System.Text;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

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
        var (process, endPoint) = await StartAsync();
        using var sample = process;
        var reply = await ExchangeAsync(endPoint, "PROXY TCP4 198.51.100.7 10.0.0.1 40000 9000\r\nWHOAMI\r\nECHO hi there\r\nQUIT\r\n");
        Assert.Equal("HELLO 198.51.100.7:40000\r\n198.51.100.7:40000 (V1, Proxy)\r\nhi there\r\nBYE\r\n", reply);

        var v2 = new ProxyHeaderBuilder().Proxy(IPEndPoint.Parse("[2001:db8::7]:5000"), IPEndPoint.Parse("[2001:db8::1]:9000")).AddCrc32C().Build().Encode();
        reply = await ExchangeAsync(endPoint, [.. v2, .. "WHOAMI\r\nQUIT\r\n"u8]);
        Assert.Equal("HELLO [2001:db8::7]:5000\r\n[2001:db8::7]:5000 (V2, Proxy)\r\nBYE\r\n", reply);
    }

    [Fact]
    public async Task No_header_or_an_overlong_line_closes_without_serving()
    {
        var (process, endPoint) = await StartAsync();
        using var sample = process;
        Assert.Equal(string.Empty, await ExchangeAsync(endPoint, "WHOAMI\r\n"));
        var reply = await ExchangeAsync(endPoint, "PROXY TCP4 198.51.100.7 10.0.0.1 40000 9000\r\n" + new string('A', 5000) + "\r\nWHOAMI\r\n");
        Assert.Equal("HELLO 198.51.100.7:40000\r\n", reply);
    }

    private static Task<string> ExchangeAsync(IPEndPoint endPoint, string data) => ExchangeAsync(endPoint, Encoding.ASCII.GetBytes(data));

    private static async Task<string> ExchangeAsync(IPEndPoint endPoint, byte[] data)
    {
        using var timeout = new CancellationTokenSource(Limit);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endPoint, timeout.Token);
        await socket.SendAsync(data, SocketFlags.None, timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (SocketException)
        {
            // A reset after the server closed with unread input: what arrived before it counts.
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    private static async Task<(SampleProcess Process, IPEndPoint EndPoint)> StartAsync()
    {
        var process = await SampleProcess.StartAsync("RawTcp", ListeningLine(), "127.0.0.1:0");
        return (process, IPEndPoint.Parse(process.Listening.Groups[1].Value));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"RawTcp listening on (\S+) ")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();
}
