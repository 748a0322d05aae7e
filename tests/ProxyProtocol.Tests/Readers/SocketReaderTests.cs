using System.Diagnostics;
using System.Net.Sockets;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Readers;

/// <summary>The Socket reader over loopback: peeks, so the socket is left exactly at the payload.</summary>
public sealed class SocketReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Socket_is_left_exactly_at_the_payload_sent_with_the_header(bool v1)
    {
        var header = v1 ? Hex.Ascii("PROXY TCP6 ::1 ::2 1 2\r\n") : V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x05, new byte[100]));
        var payload = Hex.Ascii("SSH-2.0-client\r\n");
        using var pair = await Loopback.ConnectAsync();
        await pair.Client.SendAsync(Hex.Concat(header, payload));
        pair.Client.Shutdown(SocketShutdown.Send);
        var parsed = await ProxyProtocolReader.ReadAsync(pair.Server);
        Assert.Equal(header.Length, parsed.HeaderLength);
        Assert.Equal(payload, await RawTcp.ReadToEndAsync(pair.Server, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Header_arriving_a_byte_at_a_time_is_read()
    {
        var header = Hex.Ascii("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n");
        using var pair = await Loopback.ConnectAsync();
        var sending = pair.SendInPiecesAsync(Hex.Concat(header, "x"u8.ToArray()), Enumerable.Range(1, header.Length), close: false);
        var parsed = await ProxyProtocolReader.ReadAsync(pair.Server);
        await sending;
        Assert.Equal(header.Length, parsed.HeaderLength);
        var next = new byte[1];
        Assert.Equal(1, await pair.Server.ReceiveAsync(next.AsMemory()));
        Assert.Equal((byte)'x', next[0]);
    }

    [Fact]
    public async Task Peer_closing_mid_header_is_truncated()
    {
        using var pair = await Loopback.ConnectAsync();
        await pair.Client.SendAsync(V2Bytes.Signature);
        pair.Client.Shutdown(SocketShutdown.Send);
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pair.Server));
        Assert.Equal(ProxyError.Truncated, ex.Error);
    }

    [Fact]
    public async Task Silent_peer_times_out_with_timeout_promptly()
    {
        using var pair = await Loopback.ConnectAsync();
        await pair.Client.SendAsync(Hex.Ascii("PROX"));
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () =>
            await ProxyProtocolReader.ReadAsync(pair.Server, new ProxyParserOptions { HeaderTimeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(ProxyError.Timeout, ex.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_throws_operation_canceled_exception()
    {
        using var pair = await Loopback.ConnectAsync();
        using var cts = new CancellationTokenSource();
        var reading = ProxyProtocolReader.ReadAsync(pair.Server, cancellationToken: cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Invalid_header_is_rejected_with_its_reason()
    {
        using var pair = await Loopback.ConnectAsync();
        await pair.Client.SendAsync(Hex.Ascii("GET / HTTP/1.1\r\n\r\n"));
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pair.Server));
        Assert.Equal(ProxyError.UnrecognizedSignature, ex.Error);
    }

    [Fact]
    public async Task Datagram_socket_is_refused_and_its_datagram_left_unread()
    {
        // Receiving only the header's bytes of a datagram would discard its payload: UDP goes through ParseDatagram.
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Connect(server.LocalEndPoint!);
        var datagram = Hex.Concat(Hex.Ascii("PROXY UNKNOWN\r\n"), Hex.Ascii("payload"));
        client.Send(datagram);
        await Assert.ThrowsAsync<ArgumentException>(async () => await ProxyProtocolReader.ReadAsync(server));
        var received = new byte[64];
        var n = await server.ReceiveAsync(received.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(datagram, received.AsSpan(0, n).ToArray());
    }
}
