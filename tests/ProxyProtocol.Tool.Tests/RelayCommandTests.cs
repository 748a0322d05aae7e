using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Tests;

public sealed class RelayCommandTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Each_client_gets_a_header_describing_it_data_flows_both_ways_half_close_is_passed_on()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--authority", "example.com", "--crc32c");
        using var cts = new CancellationTokenSource(Limit);

        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
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

        Assert.Equal("ping"u8.ToArray(), await RawTcp.ReadToEndAsync(server, cts.Token)); // EOF arrived: FIN passed on
        await server.SendAsync("pong"u8.ToArray(), SocketFlags.None, cts.Token);                  // the other way still open
        server.Shutdown(SocketShutdown.Send);
        Assert.Equal("pong"u8.ToArray(), await RawTcp.ReadToEndAsync(client, cts.Token));

        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains($"#1 {client.LocalEndPoint}: sent a v2 header: TCP4 {client.LocalEndPoint} -> {relay.EndPoint}, TLVs 0x02[11] 0x03[4] (", line, StringComparison.Ordinal);
        Assert.Contains("4 B up, 4 B down", line, StringComparison.Ordinal);
        Assert.EndsWith("closed", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(0, await relay.StopAsync());
        Assert.Contains("stopped after 1 connection(s)", relay.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V1_sends_a_v1_header_with_the_clients_address()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--v1");
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        using var server = await accept;
        var header = await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        Assert.Equal(ProxyVersion.V1, header.Version);
        Assert.Equal(client.LocalEndPoint, header.Source);
    }

    [Fact]
    public async Task AcceptProxy_passes_the_balancers_client_on()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy");
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        await client.SendAsync("PROXY TCP6 2001:db8::5 2001:db8::1 40000 443\r\nhello"u8.ToArray(), SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Send);
        using var server = await accept;

        var header = await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        Assert.Equal(ProxyVersion.V2, header.Version);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::5]:40000"), header.Source);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:443"), header.Destination);
        Assert.Equal("hello"u8.ToArray(), await RawTcp.ReadToEndAsync(server, cts.Token)); // nothing of the v1 line leaks
        server.Shutdown(SocketShutdown.Send);
        Assert.Empty(await RawTcp.ReadToEndAsync(client, cts.Token));
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains("received a v1 header: TCP6 [2001:db8::5]:40000 -> [2001:db8::1]:443 (", line, StringComparison.Ordinal);
        Assert.Contains("; sent a v2 header: TCP6 [2001:db8::5]:40000 -> [2001:db8::1]:443 (", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptProxy_invalid_header_closes_without_connecting_upstream()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy");
        using var cts = new CancellationTokenSource(Limit);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        await client.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
        await AssertClosedAsync(client, cts.Token);
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains(": no header sent; ", line, StringComparison.Ordinal);
        Assert.EndsWith("rejected: the client's PROXY header is invalid (unrecognized_signature)", line.TrimEnd(), StringComparison.Ordinal);
        Assert.False(upstream.Poll(0, SelectMode.SelectRead)); // no upstream connection is pending
    }

    [Fact]
    public async Task AcceptProxy_no_header_in_time_or_a_client_that_closes_first_is_logged_as_what_happened()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy", "--header-timeout", "0.5");
        using var cts = new CancellationTokenSource(Limit);
        using (var silent = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token))
        {
            await AssertClosedAsync(silent, cts.Token);
        }

        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.EndsWith("rejected: no PROXY header from the client within 0.5 s (timeout)", line.TrimEnd(), StringComparison.Ordinal);

        await using var patient = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy");
        using (var partial = await RawTcp.ConnectAsync(patient.EndPoint, cts.Token))
        {
            await partial.SendAsync("PROXY TCP4 "u8.ToArray(), SocketFlags.None, cts.Token);
            partial.Shutdown(SocketShutdown.Send);
            await AssertClosedAsync(partial, cts.Token);
        }

        line = await patient.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.EndsWith("rejected: the client closed before its PROXY header was complete (truncated)", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxConnections_holds_back_the_next_client_until_a_slot_frees()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--max-connections", "1");
        using var cts = new CancellationTokenSource(Limit);

        using var first = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        using var firstUpstream = await upstream.AcceptAsync(cts.Token);
        using var second = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token); // sits in the backlog
        var secondAccept = upstream.AcceptAsync(cts.Token).AsTask();
        await Task.Delay(300, cts.Token);
        Assert.False(secondAccept.IsCompleted);

        first.Shutdown(SocketShutdown.Send);
        firstUpstream.Shutdown(SocketShutdown.Send);
        await RawTcp.ReadToEndAsync(first, cts.Token);
        using var secondUpstream = await secondAccept.WaitAsync(cts.Token);
        var header = await ProxyProtocolReader.ReadAsync(secondUpstream, cancellationToken: cts.Token);
        Assert.Equal(second.LocalEndPoint, header.Source);
    }

    [Fact]
    public async Task Stop_closes_open_connections_and_exits_zero()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        var relay = await RelayHost.StartAsync("--upstream", Address(upstream));
        await using (relay)
        {
            using var cts = new CancellationTokenSource(Limit);
            using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
            using var server = await upstream.AcceptAsync(cts.Token);
            await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);

            Assert.Equal(0, await relay.StopAsync());
            Assert.Contains("aborted: relay stopping", relay.Log.Text, StringComparison.Ordinal);
            Assert.Contains("stopping: closing 1 open connection(s)", relay.Log.Text, StringComparison.Ordinal);
            Assert.Empty(await RawTcp.ReadToEndAsync(server, cts.Token)); // the upstream side was closed too
            await Assert.ThrowsAsync<SocketException>(() => RawTcp.ConnectAsync(relay.EndPoint, cts.Token)); // no longer listening
        }
    }

    [Fact]
    public async Task Upstream_down_closes_the_client_and_logs_why()
    {
        var port = Ports.Free(IPAddress.Loopback).Port;
        await using var relay = await RelayHost.StartAsync("--upstream", $"127.0.0.1:{port}");
        using var cts = new CancellationTokenSource(Limit);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        Assert.Empty(await RawTcp.ReadToEndAsync(client, cts.Token));
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains(": no header sent; 0 B up, 0 B down", line, StringComparison.Ordinal);
        Assert.EndsWith($"refused: 127.0.0.1:{port} refused the connection (ConnectionRefused)", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassTlvs_all_copies_the_received_tlvs_and_recomputes_the_crc32c()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy", "--pass-tlvs", "all", "--unique-id", "relay-1", "--crc32c");
        var incoming = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("198.51.100.7:4000"), IPEndPoint.Parse("203.0.113.1:443"))
            .AddAuthority("app.example")
            .AddUniqueId("balancer-1"u8.ToArray())
            .AddTlv(0xE5, [1, 2])
            .AddCrc32C()
            .Build();

        var header = await RelayOneAsync(relay, upstream, incoming);

        Assert.Equal(IPEndPoint.Parse("198.51.100.7:4000"), header.Source);
        Assert.Equal("app.example", header.Authority);
        Assert.Equal("relay-1"u8.ToArray(), header.UniqueId!.Value.ToArray()); // the relay's own flag replaces the received value
        Assert.True(header.TryGetTlv(0xE5, out var custom));
        Assert.Equal(new byte[] { 1, 2 }, custom.ToArray());
        Assert.Equal([0x02, 0xE5, 0x05, 0x03], header.Tlvs.Select(t => t.Type).ToArray()); // one CRC32C, last, computed anew
        Assert.True(header.Crc32CVerified);
    }

    [Fact]
    public async Task PassTlvs_by_default_none_are_copied_and_a_list_copies_only_those_types()
    {
        var incoming = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("198.51.100.7:4000"), IPEndPoint.Parse("203.0.113.1:443"))
            .AddAlpn("h2"u8.ToArray())
            .AddAuthority("app.example")
            .AddTlv(0xE5, [1, 2])
            .AddCrc32C()
            .Build();
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using (var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy"))
        {
            var header = await RelayOneAsync(relay, upstream, incoming);
            Assert.Empty(header.Tlvs);
            Assert.Null(header.Crc32CVerified); // not copied, and not asked for
        }

        await using (var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--accept-proxy", "--pass-tlvs", "0x02,229"))
        {
            var header = await RelayOneAsync(relay, upstream, incoming);
            Assert.Equal([0x02, 0xE5], header.Tlvs.Select(t => t.Type).ToArray());
        }
    }

    [Fact]
    public async Task IdleTimeout_closes_a_link_idle_in_both_directions_and_says_so()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream), "--idle-timeout", "2");
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        using var server = await accept;
        await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);

        // Traffic keeps the link open past the timeout; then silence closes it about 2 s after the last byte.
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(800, cts.Token);
            await client.SendAsync("x"u8.ToArray(), SocketFlags.None, cts.Token);
        }

        var quiet = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("xxx"u8.ToArray(), await RawTcp.ReadToEndAsync(server, cts.Token));
        Assert.Empty(await RawTcp.ReadToEndAsync(client, cts.Token));
        Assert.InRange(quiet.Elapsed.TotalSeconds, 1.5, 4);
        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains("3 B up, 0 B down", line, StringComparison.Ordinal);
        Assert.EndsWith("closed: idle for 2 s", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_reset_is_logged_as_such()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream));
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        using var server = await accept;
        await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        client.LingerState = new LingerOption(true, 0); // close with a reset
        client.Dispose();

        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.Contains(": sent a v2 header: TCP4 ", line, StringComparison.Ordinal);
        Assert.EndsWith("reset by the client", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_reset_is_logged_as_such()
    {
        using var upstream = Ports.Listen(IPAddress.Loopback);
        await using var relay = await RelayHost.StartAsync("--upstream", Address(upstream));
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        var server = await accept;
        await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
        server.LingerState = new LingerOption(true, 0);
        server.Dispose();

        var line = await relay.Log.WaitForLineAsync(l => l.Contains("#1 ", StringComparison.Ordinal), Limit);
        Assert.EndsWith("reset by upstream", line.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Port_in_use_exits_one()
    {
        using var taken = Ports.Listen(IPAddress.Loopback);
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
    [InlineData("--pass-tlvs applies to received headers: use it with --accept-proxy", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--pass-tlvs", "all")]
    [InlineData("--pass-tlvs needs --v2 upstream", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--accept-proxy", "--v1", "--pass-tlvs", "2")]
    [InlineData("a received CRC32C cannot be passed on", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--accept-proxy", "--pass-tlvs", "2,3")]
    [InlineData("--pass-tlvs type 'x'", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--accept-proxy", "--pass-tlvs", "x")]
    [InlineData("--idle-timeout must be from 0 (never) to 86400 seconds", "--listen", "127.0.0.1:0", "--upstream", "127.0.0.1:1", "--idle-timeout", "-1")]
    public async Task Mistakes_exit_two(string expected, params string[] args)
    {
        var (exit, _, stderr) = await ToolHarness.RunBinaryAsync([], ["relay", .. args]);
        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="incoming"/> through the relay as its client and returns the header the upstream got.</summary>
    private static async Task<ProxyHeader> RelayOneAsync(RelayHost relay, Socket upstream, ProxyHeader incoming)
    {
        using var cts = new CancellationTokenSource(Limit);
        var accept = upstream.AcceptAsync(cts.Token);
        using var client = await RawTcp.ConnectAsync(relay.EndPoint, cts.Token);
        await client.SendAsync(incoming.Encode(), SocketFlags.None, cts.Token);
        using var server = await accept;
        return await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token);
    }

    // Closing a socket with unread input sends a reset instead of a FIN: either way the client is cut off.
    private static async Task AssertClosedAsync(Socket client, CancellationToken cancellationToken)
    {
        try
        {
            Assert.Empty(await RawTcp.ReadToEndAsync(client, cancellationToken));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    private static string Address(Socket listener) => $"127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
}
