using System.Buffers;
using System.IO.Pipelines;
using CsCheck;
using ProxyProtocol.Tests.Harness;

namespace ProxyProtocol.Tests.Properties;

/// <summary>
/// Random valid headers followed by random payloads, arriving in random pieces: every reader returns the same header
/// and leaves the payload byte-exact.
/// </summary>
public sealed class ReaderProperties
{
    [Fact]
    public Task Span_sequence_pipe_reader_and_stream_agree_and_keep_the_payload_exact() =>
        HeaderGenerators.HeaderWithPayload.SampleAsync(
            async (recipe, payload, cuts) =>
            {
                var header = recipe.Build();
                var bytes = Hex.Concat(header.Encode(), payload);

                Assert.Equal(ProxyParseResult.Complete(header.HeaderLength), ProxyHeaderParser.Parse(bytes, out var fromSpan, ParseHarness.AnyTransport));
                Assert.Equal(header, fromSpan);

                var pieces = SplitAt(bytes, cuts);
                Assert.Equal(ProxyParseResult.Complete(header.HeaderLength), ProxyHeaderParser.Parse(Segments.Create(pieces), out var fromSequence, ParseHarness.AnyTransport));
                Assert.Equal(header, fromSequence);

                var trickle = new TricklePipeReader(bytes, cuts);
                Assert.Equal(header, await ProxyProtocolReader.ReadAsync(trickle, ParseHarness.AnyTransport));
                Assert.Equal(header.HeaderLength, trickle.Consumed);
                Assert.Equal(header.HeaderLength, trickle.Examined);

                var pipe = new Pipe();
                var writing = WritePiecesAsync(pipe.Writer, pieces);
                Assert.Equal(header, await ProxyProtocolReader.ReadAsync(pipe.Reader, ParseHarness.AnyTransport));
                await writing;
                Assert.Equal(payload, await ReadToEndAsync(pipe.Reader));

                var stream = new TrickleStream(bytes, int.MaxValue, cuts);
                var fromStream = await ProxyProtocolReader.ReadAsync(stream, ParseHarness.AnyTransport);
                Assert.Equal(header, fromStream.Header);
                using var rest = new MemoryStream();
                await fromStream.Stream.CopyToAsync(rest);
                Assert.Equal(payload, rest.ToArray());
            },
            iter: 1000);

    [Fact]
    public Task Socket_reader_leaves_the_socket_at_the_payload_over_loopback() =>
        HeaderGenerators.HeaderWithPayload.SampleAsync(
            async (recipe, payload, cuts) =>
            {
                var header = recipe.Build();
                var bytes = Hex.Concat(header.Encode(), payload);
                using var pair = await Loopback.ConnectAsync();
                var sending = pair.SendInPiecesAsync(bytes, cuts, close: true);
                var read = await ProxyProtocolReader.ReadAsync(pair.Server, ParseHarness.AnyTransport with { HeaderTimeout = TimeSpan.FromSeconds(10) });
                Assert.Equal(header, read);
                await sending;
                Assert.Equal(payload, await RawTcp.ReadToEndAsync(pair.Server, TimeSpan.FromSeconds(10)));
            },
            iter: 60,
            threads: 1);

    private static ReadOnlyMemory<byte>[] SplitAt(byte[] bytes, int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Append(bytes.Length).Distinct().Order().ToArray();
        var start = 0;
        var pieces = new ReadOnlyMemory<byte>[bounds.Length];
        for (var i = 0; i < bounds.Length; i++)
        {
            pieces[i] = bytes.AsMemory(start, bounds[i] - start);
            start = bounds[i];
        }

        return pieces;
    }

    private static async Task WritePiecesAsync(PipeWriter writer, ReadOnlyMemory<byte>[] pieces)
    {
        foreach (var piece in pieces)
        {
            await writer.WriteAsync(piece);
            await Task.Yield();
        }

        await writer.CompleteAsync();
    }

    private static async Task<byte[]> ReadToEndAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var all = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return all;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
