using System.Diagnostics;
using System.IO.Pipelines;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Readers;

/// <summary>The Stream reader: exact reads for v2, replay of over-read bytes for v1, clean failures.</summary>
public sealed class StreamReaderTests
{
    private static readonly byte[] Payload = Hex.Ascii("\x16\x03\x01 client hello...");

    [Fact]
    public async Task V2_is_read_exactly_and_the_original_stream_comes_back_untouched()
    {
        var header = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x02, Hex.Ascii("example.com")));
        using var stream = new MemoryStream(Hex.Concat(header, Payload));
        var result = await ProxyProtocolReader.ReadAsync(stream);
        Assert.Same(stream, result.Stream);
        Assert.Equal(header.Length, stream.Position);
        Assert.Equal(header.Length, result.Header.HeaderLength);
    }

    [Fact]
    public async Task V2_takes_two_reads_not_a_byte_at_a_time()
    {
        var header = V2Bytes.Header(0x21, 0x21, V2Bytes.IPv6Block, V2Bytes.Tlv(0x04, new byte[300]));
        using var stream = new TrickleStream(Hex.Concat(header, Payload), int.MaxValue);
        await ProxyProtocolReader.ReadAsync(stream);
        Assert.Equal(2, stream.ReadCalls);
    }

    [Fact]
    public async Task V1_replays_the_bytes_read_past_the_line()
    {
        var line = Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n");
        using var stream = new TrickleStream(Hex.Concat(line, Payload), int.MaxValue);
        var result = await ProxyProtocolReader.ReadAsync(stream);
        Assert.Equal(line.Length, result.Header.HeaderLength);
        Assert.True(stream.ReadCalls <= 2, $"{stream.ReadCalls} reads");
        using var rest = new MemoryStream();
        await result.Stream.CopyToAsync(rest);
        Assert.Equal(Payload, rest.ToArray());
    }

    [Fact]
    public async Task V1_replay_stream_reads_through_writes_through_and_disposes_the_original()
    {
        var inner = new MemoryStream();
        inner.Write(Hex.Concat(Hex.Ascii("PROXY UNKNOWN\r\n"), Payload));
        inner.Position = 0;
        var result = await ProxyProtocolReader.ReadAsync(inner);
        Assert.NotSame(inner, result.Stream);
        // Reads may be short (the replayed bytes come first); together they give the payload exactly.
        var first = new byte[3];
        await result.Stream.ReadExactlyAsync(first);
        Assert.Equal(Payload.AsSpan(0, 3).ToArray(), first);
        var rest = new byte[Payload.Length - 3];
        result.Stream.ReadExactly(rest);
        Assert.Equal(Payload.AsSpan(3).ToArray(), rest);
        Assert.Equal(0, await result.Stream.ReadAsync(new byte[1]));
        result.Stream.Write("reply"u8);
        Assert.EndsWith("reply", System.Text.Encoding.ASCII.GetString(inner.ToArray()), StringComparison.Ordinal);
        await result.Stream.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() => inner.ReadByte());
    }

    [Fact]
    public async Task End_of_stream_mid_header_is_truncated()
    {
        using var stream = new MemoryStream(Hex.Ascii("PROXY TCP4 1.2.3.4"));
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(stream));
        Assert.Equal(ProxyError.Truncated, ex.Error);
    }

    [Fact]
    public async Task Silent_peer_times_out_with_timeout_promptly()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(V2Bytes.Signature);
        await using var stream = pipe.Reader.AsStream();
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () =>
            await ProxyProtocolReader.ReadAsync(stream, new ProxyParserOptions { HeaderTimeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(ProxyError.Timeout, ex.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_throws_operation_canceled_exception()
    {
        var pipe = new Pipe();
        await using var stream = pipe.Reader.AsStream();
        using var cts = new CancellationTokenSource();
        var reading = ProxyProtocolReader.ReadAsync(stream, cancellationToken: cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
