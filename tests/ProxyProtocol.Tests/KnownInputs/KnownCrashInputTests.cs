using System.IO.Pipelines;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.KnownInputs;

/// <summary>Inputs that crashed, hung or over-read in other implementations are rejected cleanly and early.</summary>
public sealed class KnownCrashInputTests
{
    [Theory]
    [InlineData("PROXY UNKNOWN ")]
    [InlineData("PROXY TCP4 1.2.3.4 5.6.7.8 80 ")]
    [InlineData("PROXY ")]
    public async Task Endless_v1_line_is_rejected_after_107_bytes(string start)
    {
        var endless = Hex.Concat(Hex.Ascii(start), Enumerable.Repeat((byte)'7', 4000).ToArray());
        var result = (await ParseHarness.RunAsync(endless.AsSpan(0, 400).ToArray())).Result;
        Assert.True(result.IsInvalid);
        Assert.Equal(result, ProxyHeaderParser.Validate(endless));
    }

    [Fact]
    public async Task Endless_v1_line_on_a_stream_that_never_ends_is_rejected_without_reading_on()
    {
        using var stream = new EndlessStream(Hex.Ascii("PROXY UNKNOWN "), (byte)'A');
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(stream, new ProxyParserOptions { HeaderTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Equal(ProxyError.V1LineTooLong, ex.Error);
        Assert.InRange(stream.BytesRead, 107, 107 + 16);
    }

    [Fact]
    public async Task Truncated_block_0d0a0d0a000d0a515549540a21120000_is_rejected()
    {
        // PROXY over UDP4 with len 0: on a stream its transport is refused first (§POLICY.17), else its length.
        await ParseHarness.InvalidAsync(Hex.Bytes("0d0a0d0a000d0a515549540a21120000"), ProxyError.TransportMismatch, 13);
        await ParseHarness.InvalidAsync(Hex.Bytes("0d0a0d0a000d0a515549540a21120000"), ProxyError.V2AddressBlockTooShort, 14, ParseHarness.AnyTransport);
    }

    [Fact]
    public async Task Transport_nibble_3_is_rejected()
    {
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x13, V2Bytes.IPv4Block), ProxyError.V2InvalidTransport, 13);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x20, 0x13, V2Bytes.IPv4Block), ProxyError.V2InvalidTransport, 13);
    }

    [Theory]
    [InlineData(0x11, 11)]
    [InlineData(0x21, 12)]
    [InlineData(0x21, 35)]
    [InlineData(0x31, 108)]
    public async Task Len_shorter_than_the_family_block_is_rejected(byte fam, int len) =>
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, fam, new byte[len]), ProxyError.V2AddressBlockTooShort, 14);

    [Fact]
    public async Task Header_advertising_16_plus_65535_is_rejected_after_16_bytes_with_the_default_cap()
    {
        var prefix = V2Bytes.WithLength(0x21, 0x11, ushort.MaxValue);
        await ParseHarness.InvalidAsync(prefix, ProxyError.V2HeaderTooLarge, 14);
        await ParseHarness.IncompleteAsync(prefix.AsSpan(0, 15).ToArray());

        // A pipe holding only those 16 bytes, never completed: the reader must not wait for more.
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(prefix);
        var ex = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(pipe.Reader, new ProxyParserOptions { HeaderTimeout = TimeSpan.FromSeconds(5) }));
        Assert.Equal(ProxyError.V2HeaderTooLarge, ex.Error);
    }

    /// <summary>A stream that returns a prefix and then the same byte forever, counting what was read.</summary>
    private sealed class EndlessStream(byte[] prefix, byte filler) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = BytesRead < prefix.Length ? prefix[BytesRead] : filler;
                BytesRead++;
            }

            return buffer.Length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
