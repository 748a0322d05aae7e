using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Tool.Tests;

public sealed class SendCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Without_addresses_the_header_describes_this_connection_data_follows_reply_is_printed()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var cts = new CancellationTokenSource(Limit);
        var server = ServeOnceAsync(listener, Encoding.ASCII.GetBytes("pong"), cts.Token);

        var (exit, stdout, stderr) = await ToolHarness.RunBinaryAsync([], "send", Target(listener), "--half-close", "--data", @"ping\r\n\x00\\");
        var (header, received, peer) = await server;

        Assert.Equal(0, exit);
        Assert.Equal("pong"u8.ToArray(), stdout);
        Assert.Equal(ProxyVersion.V2, header.Version);
        Assert.Equal(peer, header.Source);                    // the tool's own socket, as the server saw it
        Assert.Equal(listener.LocalEndPoint, header.Destination);
        Assert.Equal("ping\r\n\0\\"u8.ToArray(), received);   // escapes decoded, then --half-close (the server saw EOF)
        Assert.Equal($"proxyproto send: {peer} -> {listener.LocalEndPoint}: sent a v2 header: TCP4 {peer} -> {listener.LocalEndPoint} (28 bytes), then 8 bytes of data\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Summary_names_the_version_and_the_line_fields()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var cts = new CancellationTokenSource(Limit);
        var server = ServeOnceAsync(listener, [], cts.Token);

        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], "send", Target(listener), "--v1", "-s", "203.0.113.7:51000", "-d", "10.0.0.1:80", "--half-close");
        await server;

        Assert.Equal(0, exit);
        Assert.EndsWith(": sent a v1 header: TCP4 203.0.113.7:51000 -> 10.0.0.1:80 (42 bytes)\n", stderr.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explicit_v1_addresses_and_data_from_stdin()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var cts = new CancellationTokenSource(Limit);
        var server = ServeOnceAsync(listener, [], cts.Token);

        var (exit, _, _) = await ToolHarness.RunBinaryAsync([1, 2, 3, 0xFF], "send", Target(listener), "--v1", "-s", "203.0.113.7:51000", "-d", "10.0.0.1:80", "--data", "-", "-q", "--half-close");
        var (header, received, _) = await server;

        Assert.Equal(0, exit);
        Assert.Equal("PROXY TCP4 203.0.113.7 10.0.0.1 51000 80\r\n"u8.ToArray(), header.Encode());
        Assert.Equal(new byte[] { 1, 2, 3, 0xFF }, received);
    }

    [Fact]
    public async Task Data_from_file_and_tlvs()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, "from a file"u8.ToArray());
            using var listener = Ports.Listen(IPAddress.Loopback);
            using var cts = new CancellationTokenSource(Limit);
            var server = ServeOnceAsync(listener, [], cts.Token);

            var (exit, _, _) = await ToolHarness.RunBinaryAsync([], "send", Target(listener), "--local", "--authority", "example.com", "--crc32c", "--half-close", "--data", "@" + file);
            var (header, received, _) = await server;

            Assert.Equal(0, exit);
            Assert.Equal(ProxyCommand.Local, header.Command);
            Assert.True(header.TryGetTlv(0x02, out var authority));
            Assert.Equal("example.com"u8.ToArray(), authority.ToArray());
            Assert.True(header.Crc32CVerified);
            Assert.Equal("from a file"u8.ToArray(), received);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Refused_exits_one()
    {
        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], "send", $"127.0.0.1:{Ports.Free(IPAddress.Loopback).Port}", "--local");
        Assert.Equal(1, exit);
        Assert.Contains("connecting to 127.0.0.1:", stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sent", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peer_that_never_closes_times_out_exit_one_after_printing_what_came()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var cts = new CancellationTokenSource(Limit);
        var accept = listener.AcceptAsync(cts.Token);
        var run = ToolHarness.RunBinaryAsync([], "send", Target(listener), "--local", "--timeout", "2");
        using var server = await accept;
        await server.SendAsync("partial"u8.ToArray(), SocketFlags.None, cts.Token);

        var (exit, stdout, stderr) = await run;
        Assert.Equal(1, exit);
        Assert.Equal("partial"u8.ToArray(), stdout);
        Assert.Contains("timed out after 2 s while reading the reply", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("expected host:port", "localhost")]
    [InlineData("unknown escape", "127.0.0.1:1", "--local", "--data", @"\q")]
    [InlineData("--timeout must be", "127.0.0.1:1", "--local", "--timeout", "0")]
    [InlineData("cannot read", "127.0.0.1:1", "--local", "--data", "@/nonexistent/file")]
    public async Task Mistakes_exit_two(string expected, params string[] args)
    {
        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], ["send", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    private static string Target(Socket listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";

    private static async Task<(ProxyHeader Header, byte[] Data, EndPoint Peer)> ServeOnceAsync(Socket listener, byte[] reply, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptAsync(cancellationToken);
        var header = await ProxyProtocolReader.ReadAsync(socket, cancellationToken: cancellationToken);
        var data = await RawTcp.ReadToEndAsync(socket, cancellationToken);
        await socket.SendAsync(reply, SocketFlags.None, cancellationToken);
        socket.Shutdown(SocketShutdown.Both);
        return (header, data, socket.RemoteEndPoint!);
    }
}
