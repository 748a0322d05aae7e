using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Writers.Tests;

public sealed class ProxyProtocolWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [MemberData(nameof(Headers.All), MemberType = typeof(Headers))]
    public async Task Stream_gets_exactly_the_encoded_header_and_flushes(string name)
    {
        var header = Headers.Get(name);
        var stream = new FlushCountingStream();
        await ProxyProtocolWriter.WriteAsync(stream, header);
        Assert.Equal(header.Encode(), stream.ToArray());
        Assert.Equal(1, stream.Writes); // one write call: the header is not split by us
        Assert.Equal(1, stream.Flushes);
        Assert.True(ProxyHeaderParser.Parse(stream.ToArray(), out var parsed).IsComplete);
        Assert.Equal(header, parsed);
    }

    [Theory]
    [MemberData(nameof(Headers.All), MemberType = typeof(Headers))]
    public async Task PipeWriter_header_then_payload_reader_sees_both_intact(string name)
    {
        var header = Headers.Get(name);
        var pipe = new Pipe();
        await ProxyProtocolWriter.WriteAsync(pipe.Writer, header);
        await pipe.Writer.WriteAsync("hello"u8.ToArray());
        await pipe.Writer.CompleteAsync();

        var parsed = await ProxyProtocolReader.ReadAsync(pipe.Reader);
        Assert.Equal(header, parsed);
        var rest = await pipe.Reader.ReadAtLeastAsync(5);
        Assert.Equal("hello"u8.ToArray(), rest.Buffer.ToArray());
    }

    [Fact]
    public async Task PipeWriter_flush_is_cancellable()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8, resumeWriterThreshold: 4));
        using var cts = new CancellationTokenSource();
        var write = ProxyProtocolWriter.WriteAsync(pipe.Writer, Headers.V2Tcp6WithTlvs, cts.Token).AsTask();
        Assert.False(write.IsCompleted); // back-pressure: nobody reads
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
    }

    [Theory]
    [MemberData(nameof(Headers.All), MemberType = typeof(Headers))]
    public void BufferWriter_appends_after_existing_content(string name)
    {
        var header = Headers.Get(name);
        var buffer = new ArrayBufferWriter<byte>(1);
        buffer.Write("ab"u8);
        ProxyProtocolWriter.Write(buffer, header);
        Assert.Equal([.. "ab"u8.ToArray(), .. header.Encode()], buffer.WrittenSpan.ToArray());
    }

    [Theory]
    [MemberData(nameof(Headers.All), MemberType = typeof(Headers))]
    public async Task Socket_receiver_parses_header_and_payload_follows(string name)
    {
        var header = Headers.Get(name);
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(Timeout);
        var accept = listener.AcceptAsync(cts.Token);
        await client.ConnectAsync(listener.LocalEndPoint!, cts.Token);
        using var server = await accept;

        await ProxyProtocolWriter.WriteAsync(client, header, cts.Token);
        await client.SendAsync("payload"u8.ToArray(), SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Send);

        Assert.Equal(header, await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token));
        Assert.Equal("payload"u8.ToArray(), await RawTcp.ReadToEndAsync(server, cts.Token));
    }

    [Fact]
    public async Task ConnectAsync_ipv4_sends_header_first_and_returns_connected_socket()
    {
        await AssertConnectAsync(IPAddress.Loopback, ep => ep);
    }

    [Fact]
    public async Task ConnectAsync_ipv6()
    {
        Assert.True(Socket.OSSupportsIPv6, "loopback ::1 is needed for this test");
        await AssertConnectAsync(IPAddress.IPv6Loopback, ep => ep);
    }

    [Fact]
    public async Task ConnectAsync_dns_end_point_localhost()
    {
        await AssertConnectAsync(IPAddress.Loopback, ep => new DnsEndPoint("localhost", ((IPEndPoint)ep).Port));
    }

    [Fact]
    public async Task ConnectAsync_unix_domain_socket()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pp-writer-{Guid.NewGuid():N}.sock");
        try
        {
            using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(1);
            using var cts = new CancellationTokenSource(Timeout);
            var accept = listener.AcceptAsync(cts.Token);
            using var client = await ProxyProtocolWriter.ConnectAsync(new UnixDomainSocketEndPoint(path), Headers.V2Local, cts.Token);
            using var server = await accept;
            Assert.Equal(Headers.V2Local, await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ConnectAsync_refused_throws()
    {
        // A port that was free a moment ago: nothing listens there.
        var port = Ports.Free(IPAddress.Loopback).Port;
        using var cts = new CancellationTokenSource(Timeout);
        var ex = await Assert.ThrowsAsync<SocketException>(() =>
            ProxyProtocolWriter.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Headers.V1Tcp4, cts.Token));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public async Task ConnectAsync_already_cancelled_throws()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ProxyProtocolWriter.ConnectAsync(listener.LocalEndPoint!, Headers.V1Tcp4, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Null_arguments_throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.WriteAsync((Stream)null!, Headers.V2Local).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.WriteAsync(new MemoryStream(), null!).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.WriteAsync((Socket)null!, Headers.V2Local).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.WriteAsync((PipeWriter)null!, Headers.V2Local).AsTask());
        Assert.Throws<ArgumentNullException>(() => ProxyProtocolWriter.Write(null!, Headers.V2Local));
        Assert.Throws<ArgumentNullException>(() => ProxyProtocolWriter.Write(new ArrayBufferWriter<byte>(), null!));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.ConnectAsync(null!, Headers.V2Local));
        await Assert.ThrowsAsync<ArgumentNullException>(() => ProxyProtocolWriter.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 1), null!));
        Assert.Throws<ArgumentNullException>(() => ProxyProtocolWriter.CreateConnectCallback(null!));
    }

    private static async Task AssertConnectAsync(IPAddress listenAddress, Func<EndPoint, EndPoint> target)
    {
        using var listener = Ports.Listen(listenAddress);
        using var cts = new CancellationTokenSource(Timeout);
        var accept = listener.AcceptAsync(cts.Token);
        var header = Headers.V2Tcp6WithTlvs;
        using var client = await ProxyProtocolWriter.ConnectAsync(target(listener.LocalEndPoint!), header, cts.Token);
        Assert.True(client.Connected);
        using var server = await accept;
        await client.SendAsync("after"u8.ToArray(), SocketFlags.None, cts.Token);
        client.Shutdown(SocketShutdown.Send);
        Assert.Equal(header, await ProxyProtocolReader.ReadAsync(server, cancellationToken: cts.Token));
        Assert.Equal("after"u8.ToArray(), await RawTcp.ReadToEndAsync(server, cts.Token));
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public int Flushes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }
}
