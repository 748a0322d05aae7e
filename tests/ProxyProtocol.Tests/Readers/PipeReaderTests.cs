using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Readers;

/// <summary>docs/spec-rules.md §RECV.5–§RECV.8 on a PipeReader: examined = consumed on success, the payload stays, clean failures.</summary>
public sealed class PipeReaderTests
{
    private static readonly byte[] V2Header = V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Payload_in_the_same_segment_stays_in_the_pipe_and_is_readable_at_once(bool v1)
    {
        var header = v1 ? Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n") : V2Header;
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hex.Concat(header, Hex.Ascii("GET / HTTP/1.1\r\n")));
        var parsed = await ProxyProtocolReader.ReadAsync(pipe.Reader);
        Assert.Equal(header.Length, parsed.HeaderLength);

        // examined = consumed: the next read returns the payload without waiting for more data.
        Assert.True(pipe.Reader.TryRead(out var next));
        Assert.Equal("GET / HTTP/1.1\r\n"u8.ToArray(), next.Buffer.ToArray());
    }

    [Fact]
    public async Task While_incomplete_everything_is_examined_and_nothing_consumed_so_the_read_waits_for_more()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(V2Header.AsMemory(0, 20));
        var reading = ProxyProtocolReader.ReadAsync(pipe.Reader).AsTask();
        await Task.Delay(50);
        Assert.False(reading.IsCompleted);
        await pipe.Writer.WriteAsync(V2Header.AsMemory(20));
        var header = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(28, header.HeaderLength);
    }

    [Fact]
    public async Task End_of_input_mid_header_is_truncated()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(V2Header.AsMemory(0, 20));
        await pipe.Writer.CompleteAsync();
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pipe.Reader));
        Assert.Equal(ProxyError.Truncated, ex.Error);
        Assert.Equal(20, ex.Offset);
    }

    [Fact]
    public async Task Silent_peer_times_out_with_timeout_promptly()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hex.Ascii("PROXY TCP4"));
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () =>
            await ProxyProtocolReader.ReadAsync(pipe.Reader, new ProxyParserOptions { HeaderTimeout = TimeSpan.FromMilliseconds(200) }));
        Assert.Equal(ProxyError.Timeout, ex.Error);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Cancellation_throws_operation_canceled_exception_not_a_protocol_error()
    {
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var reading = ProxyProtocolReader.ReadAsync(pipe.Reader, cancellationToken: cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Cancelled_pending_read_throws_operation_canceled_exception()
    {
        var pipe = new Pipe();
        var reading = ProxyProtocolReader.ReadAsync(pipe.Reader).AsTask();
        pipe.Reader.CancelPendingRead();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Invalid_header_consumes_nothing()
    {
        var reader = new TricklePipeReader(Hex.Ascii("PROXY TCP4 1.2.3.4 5.6.7.8 080 1\r\n"));
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(reader));
        Assert.Equal(ProxyError.V1InvalidSourcePort, ex.Error);
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public async Task Parse_on_an_incomplete_header_examines_everything_so_the_next_read_waits_for_more()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(V2Header.AsMemory(0, 20));
        var first = await pipe.Reader.ReadAsync();
        Assert.Equal(ProxyParseResult.Incomplete, ProxyProtocolReader.Parse(pipe.Reader, first, out var none));
        Assert.Null(none);

        // The pending read now waits for new bytes rather than returning the same 20 again.
        var pending = pipe.Reader.ReadAsync();
        Assert.False(pending.IsCompleted);
        await pipe.Writer.WriteAsync(Hex.Concat(V2Header.AsSpan(20).ToArray(), Hex.Ascii("payload")));
        var read = await pending;

        Assert.Equal(ProxyParseResult.Complete(V2Header.Length), ProxyProtocolReader.Parse(pipe.Reader, read, out var header));
        Assert.Equal(V2Header.Length, header!.HeaderLength);
        Assert.True(pipe.Reader.TryRead(out var rest));
        Assert.Equal(Hex.Ascii("payload"), rest.Buffer.ToArray());
    }

    [Fact]
    public async Task Parse_reports_an_invalid_header_without_throwing_and_leaves_the_reader_unadvanced()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hex.Ascii("GET / HTTP/1.1\r\n"));
        var read = await pipe.Reader.ReadAsync();
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.UnrecognizedSignature, 0), ProxyProtocolReader.Parse(pipe.Reader, read, out var header));
        Assert.Null(header);

        // The buffer is still the caller's to read (for a log excerpt) and then to advance: advancing twice would throw.
        Assert.Equal(Hex.Ascii("GET / HTTP/1.1\r\n"), read.Buffer.ToArray());
        pipe.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
    }

    [Fact]
    public async Task Parse_on_a_read_result_serves_a_callers_own_loop_with_every_split()
    {
        // The caller's loop (as the Kestrel middleware's wait path): await ReadAsync, then let the reader decide.
        var payload = Hex.Ascii("GET /");
        foreach (var header in new[] { Hex.Ascii("PROXY TCP6 2001:db8::1 2001:db8::2 1 2\r\n"), V2Header })
        {
            var input = Hex.Concat(header, payload);
            for (var at = 1; at <= input.Length; at++)
            {
                var pipe = new Pipe();
                await pipe.Writer.WriteAsync(input.AsMemory(0, at));
                var written = at;
                ProxyHeader? parsed = null;
                while (parsed is null)
                {
                    var read = await pipe.Reader.ReadAsync();
                    var result = ProxyProtocolReader.Parse(pipe.Reader, read, out var h);
                    if (result.IsComplete)
                    {
                        parsed = h;
                    }
                    else
                    {
                        Assert.True(result.IsIncomplete, $"split at {at}: {result}");
                        Assert.True(written < header.Length, $"split at {at}: undecided with the whole header buffered");
                        await pipe.Writer.WriteAsync(input.AsMemory(written, 1));
                        written++;
                    }
                }

                Assert.Equal(header.Length, parsed.HeaderLength);
                pipe.Writer.Write(input.AsSpan(written));
                await pipe.Writer.CompleteAsync();
                var rest = await pipe.Reader.ReadAtLeastAsync(payload.Length + 1);
                Assert.Equal(payload, rest.Buffer.ToArray()); // nothing of the application's bytes lost or consumed
            }
        }
    }

    [Fact]
    public async Task Parse_on_a_read_result_reports_errors_and_truncation_without_throwing()
    {
        var pipe = new Pipe();
        pipe.Reader.CancelPendingRead();
        var cancelled = await pipe.Reader.ReadAsync();
        Assert.True(cancelled.IsCanceled);
        Assert.Equal(ProxyParseResult.Incomplete, ProxyProtocolReader.Parse(pipe.Reader, cancelled, out _)); // the caller checks IsCanceled

        await pipe.Writer.WriteAsync(Hex.Ascii("PROXY TCP4 1.2.3.04 "));
        var invalid = await pipe.Reader.ReadAsync();
        Assert.Equal(ProxyError.V1InvalidSourceAddress, ProxyProtocolReader.Parse(pipe.Reader, invalid, out _).Error);

        var truncated = new Pipe();
        await truncated.Writer.WriteAsync(V2Header.AsMemory(0, 20));
        await truncated.Writer.CompleteAsync();
        var ended = await truncated.Reader.ReadAsync();
        Assert.Equal(ProxyParseResult.Invalid(ProxyError.Truncated, 20), ProxyProtocolReader.Parse(truncated.Reader, ended, out var none));
        Assert.Null(none);
        truncated.Reader.AdvanceTo(ended.Buffer.Start, ended.Buffer.End); // not advanced by Parse
    }

    [Fact]
    public async Task Parse_on_a_cancelled_read_result_that_holds_a_complete_header_returns_it()
    {
        // A complete header is parsed whatever the cancellation (documented in the remarks).
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Hex.Concat(V2Header, Hex.Ascii("GET")));
        pipe.Reader.CancelPendingRead();
        var read = await pipe.Reader.ReadAsync();
        Assert.True(read.IsCanceled);
        Assert.Equal(ProxyParseResult.Complete(V2Header.Length), ProxyProtocolReader.Parse(pipe.Reader, read, out var header));
        Assert.Equal(V2Header.Length, header!.HeaderLength);
    }
}
