using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Tests;

public sealed class RelayCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EachClient_GetsAHeaderDescribingIt_DataFlowsBothWays_HalfCloseIsPassedOn()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--authority", "example.com", "--crc32c");
        using var cts = new CancellationTokenSource(Limit);

        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        using var server = await accept;
        await client.SendAsync("ping"u8.ToArray(), SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Send);

        var header = await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        Assert.Equal(ProxyVersion.V2, header.Version);
        Assert.Equal(client.LocalEndPoint, header.Source);
        Assert.Equal(relay.EndPoint, header.Destination);
        Assert.True(header.TryGetTlv(0x02, out var authority));
        Assert.Equal("example.com"u8.ToArray(), authority.ToArray());
        Assert.True(header.Crc32CVerified);

        Assert.Equal("ping"u8.ToArray(), await ToolHarness.ReadToEndAsync(server, cts.Token)); // EOF arrived: FIN passed on
        await server.SendAsync("pong"u8.ToArray(), SocketFlags.None, cts.Token);                  // the other way still open
        server.Shutdown(SocketShutdown.Send);
        Assert.Equal("pong"u8.ToArray(), await ToolHarness.ReadToEndAsync(client, cts.Token));

        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains($"#1 {client.LocalEndPoint}: sent PROXY v2 PROXY TCP/IPv4", line, StringComparison.Ordinal);
        Assert.Contains("4 B up, 4 B down", line, StringComparison.Ordinal);
        Assert.EndsWith("closed", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, await relay.StopAsync());
        Assert.Contains("stopped after 1 connection(s)", relay.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--v1");
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        using var server = await accept;
        var header = await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        Assert.Equal(ProxyVersion.V1, header.Version);
        Assert.Equal(client.LocalEndPoint, header.Source);
    }

    [Fact]
    public async Task AcceptProxy_PassesTheBalancersClientOn()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy");
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        await client.SendAsync("PROXY TCP6 2001:db8::5 2001:db8::1 40000 443\r\nhello"u8.ToArray(), SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Send);
        using var server = await accept;

        var header = await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        Assert.Equal(ProxyVersion.V2, header.Version);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::5]:40000"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:443"), header.Destination);
        Assert.Equal("hello"u8.ToArray(), await ToolHarness.ReadToEndAsync(server, cts.Token)); // nothing of the v1 line leaks
        server.Shutdown(SocketShutdown.Send);
        Assert.Empty(await ToolHarness.ReadToEndAsync(client, cts.Token));
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains("received PROXY v1 PROXY TCP/IPv6 [2001:db8::5]:40000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptProxy_InvalidHeader_ClosesWithoutConnectingUpstream()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy");
        using var cts = new CancellationTokenSource(Limit);
        using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        await client.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
        await AssertClosedAsync(client, cts.Token);
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains("rejected: the client's PROXY header is invalid", line, StringComparison.Ordinal);
        Assert.False(upstream.Poll(0, SelectMode.SelectRead)); // no upstream connection is pending
    }

    [Fact]
    public async Task MaxConnections_HoldsBackTheNextClientUntilASlotFrees()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--max-connections", "1");
        using var cts = new CancellationTokenSource(Limit);

        using var first = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        using var firstUpstream = await upstream.AcceptAsync(cts.Token);
        using var second = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token); // sits in the backlog
        var secondAccept = upstream.AcceptAsync(cts.Token).AsTask();
        await Task.Delay(300, cts.Token);
        Assert.False(secondAccept.IsCompleted);

        first.Shutdown(SocketShutdown.Send);
        firstUpstream.Shutdown(SocketShutdown.Send);
        await ToolHarness.ReadToEndAsync(first, cts.Token);
        using var secondUpstream = await secondAccept.WaitAsync(cts.Token);
        var header = await ProxyProtocolReader.ReadAsync(secondUpstream, cancellationToken: cts.Token);
        Assert.Equal(second.LocalEndPoint, header.Source);
    }

    [Fact]
    public async Task Stop_ClosesOpenConnections_AndExitsZero()
    {
        using var upstream = ToolHarness.Listen(IPAddress.Loopback);
        var relay = await RelayHost.StartAsync("--upstream", Address(upstream));
        await using (relay)
        {
            using var cts = new CancellationTokenSource(Limit);
            using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
            using var server = await upstream.AcceptAsync(cts.Token);
            await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);

            Assert.Equal(0, await relay.StopAsync());
            Assert.Contains("aborted: relay stopping", relay.Log.Text, StringComparison.Ordinal);
            Assert.Contains("stopping: closing 1 open connection(s)", relay.Log.Text, StringComparison.Ordinal);
            Assert.Empty(await ToolHarness.ReadToEndAsync(server, cts.Token)); // the upstream side was closed too
            await Assert.ThrowsAsync<SocketException>(() => ToolHarness.ConnectAsync(relay.EndPoint, cts.Token)); // no longer listening
        }
    }

    [Fact]
    public async Task UpstreamDown_ClosesTheClient_AndLogsWhy()
    {
        await using var relay = await RelayHost.StartAsync("--upstream", $"127.0.0.1:{ToolHarness.FreePort()}");
        using var cts = new CancellationTokenSource(Limit);
        using var client = await ToolHarness.ConnectAsync(relay.EndPoint, cts.Token);
        Assert.Empty(await ToolHarness.ReadToEndAsync(client, cts.Token));
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains("failed while connecting to 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_ExitsOne()
    {
        using var taken = ToolHarness.Listen(IPAddress.Loopback);
        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], "relay", "--listen", Address(taken), "--upstream", "127.0.0.1:1");
        Assert.Equal(1, exit);
        Assert.Contains("cannot listen on", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Option '--listen' is required", "--upstream", "127.0.0.1:1")]
    [InlineData("--source", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--source", "1.2.3.4:5")]
    [InlineData("--max-connections must be", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--max-connections", "0")]
    [InlineData("not an IPv4 or IPv6 address", "--listen", "localhost:0", "--upstream", "127.0.0.1:1")]
    [InlineData("TLVs and --crc32c need --v2", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--v1", "--crc32c")]
    public async Task Mistakes_ExitTwo(string expected, params string[] args)
    {
        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], ["relay", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    // Closing a socket with unread input sends a reset instead of a FIN: either way the client is cut off.
    private static async Task AssertClosedAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            Assert.Empty(await ToolHarness.ReadToEndAsync(client, cancellationToken));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    private static string Address(Socket listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
}
