using System.Buffers;
using System.IO.Pipelines;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.V2;

/// <summary>The configurable cap on the v2 total length (docs/spec-rules.md §POLICY.10; §GEN.6: 536 bytes guide senders only) and the timeout bound of §RECV.8.</summary>
public sealed class V2SizeLimitTests
{
    private static byte[] HeaderOfTotalLength(int total) =>
        V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block, V2Bytes.Tlv(0x04, new byte[total - 28 - 3]));

    [Fact]
    public async Task Default_cap_accepts_a_4096_byte_header()
    {
        var header = await ParseHarness.ValidAsync(HeaderOfTotalLength(4096));
        Assert.Equal(4096, header.HeaderLength);
    }

    [Fact]
    public async Task Default_cap_rejects_4097_bytes_from_the_advertised_length() =>
        await ParseHarness.InvalidAsync(HeaderOfTotalLength(4097).AsSpan(0, 16).ToArray(), ProxyError.V2HeaderTooLarge, 14);

    [Fact]
    public async Task Header_larger_than_536_bytes_is_accepted_because_536_guides_senders_only()
    {
        var header = await ParseHarness.ValidAsync(HeaderOfTotalLength(1500));
        Assert.Equal(1500, header.HeaderLength);
    }

    [Fact]
    public async Task Cap_is_configurable_down_to_16()
    {
        var options = new ProxyParserOptions { MaxHeaderLength = 16 };
        await ParseHarness.ValidAsync(V2Bytes.Header(0x20, 0x00), options);
        await ParseHarness.InvalidAsync(V2Bytes.Header(0x21, 0x11, V2Bytes.IPv4Block), ProxyError.V2HeaderTooLarge, 14, options);
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65552)]
    public void Cap_outside_16_to_65551_is_refused(int cap) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProxyParserOptions { MaxHeaderLength = cap });

    [Fact]
    public void Read_timeout_longer_than_a_timer_allows_is_refused_when_set_not_when_read()
    {
        // CancellationTokenSource.CancelAfter takes at most 2^32 - 2 ms; a longer value would make every reader throw.
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProxyParserOptions { HeaderTimeout = TimeSpan.FromDays(60) });
        Assert.Equal(TimeSpan.FromDays(49), new ProxyParserOptions { HeaderTimeout = TimeSpan.FromDays(49) }.HeaderTimeout);
    }

    [Fact]
    public async Task Largest_legal_header_of_16_plus_65535_is_accepted_when_the_cap_allows_it()
    {
        var options = new ProxyParserOptions { MaxHeaderLength = ProxyParserOptions.MaxV2HeaderLength };
        var input = Hex.Concat(HeaderOfTotalLength(16 + 65535), Hex.Ascii("payload"));
        var result = ProxyHeaderParser.Parse(input, out var header, options);
        Assert.Equal(ProxyParseResult.Complete(65551), result);

        // Too large for the full harness; check the sequence shapes and readers that matter.
        foreach (var at in new[] { 0, 1, 15, 16, 17, 255, 256, 257, 4096, 65550, 65551, input.Length })
        {
            Assert.Equal(result, ProxyHeaderParser.Parse(Segments.SplitAt(input, at), out var h, options));
            Assert.Equal(header, h);
        }

        Assert.Equal(header, (await ProxyProtocolReader.ReadAsync(new TrickleStream(input, 1000), options)).Header);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await pipe.Writer.WriteAsync(input);
        Assert.Equal(header, await ProxyProtocolReader.ReadAsync(pipe.Reader, options));
        var rest = await pipe.Reader.ReadAsync();
        Assert.Equal("payload"u8.ToArray(), rest.Buffer.ToArray());
    }
}
