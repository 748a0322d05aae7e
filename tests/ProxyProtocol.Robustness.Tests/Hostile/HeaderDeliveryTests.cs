using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;

namespace ProxyProtocol.Robustness.Tests.Hostile;

/// <summary>How a header arrives: too big for the cap, one byte at a time, or never finished.</summary>
[Collection(HostileCollection.Name)]
public sealed class HeaderDeliveryTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Header_advertising_16_plus_65535_is_rejected_on_its_first_16_bytes()
    {
        var before = await Server.StatsAsync();
        var prefix = TooLargePrefix();

        // Only the 16-byte prefix is sent: the server must decide and close without waiting for the 65535 bytes.
        using (var socket = await RawTcp.ConnectAsync(Server.ProxyEndPoint))
        {
            await socket.SendAsync(prefix);
            var watch = Stopwatch.StartNew();
            var reply = await RawTcp.ReadToCloseAsync(socket, ServerFixture.HeaderTimeout);
            output.WriteLine($"16-byte prefix advertising 65551 bytes: closed after {watch.Elapsed.TotalMilliseconds:F0} ms");
            Assert.NotNull(reply); // closed before the header timeout
            Assert.Empty(reply);
        }

        // The whole 65551-byte header in one write: rejected, nothing answered.
        var whole = new byte[ProxyParserOptions.MaxV2HeaderLength];
        prefix.CopyTo(whole, 0);
        Assert.Equal(string.Empty, await Wire.ExchangeAsync(Server.ProxyEndPoint, whole));

        var after = await Server.StatsAsync();
        Assert.Equal(2, after["rejected.v2_header_too_large"] - before["rejected.v2_header_too_large"]);
        Assert.Equal(before["accepted"], after["accepted"]);
    }

    [Fact]
    public async Task Core_readers_read_no_more_than_the_cap()
    {
        // The reader under the middleware, over a stream that counts: a too-large header costs 16 bytes, a header of
        // exactly the cap costs the cap, and a v1 line without CRLF costs at most 107 bytes.
        var prefix = TooLargePrefix();
        var counting = new CountingStream([.. prefix, .. new byte[70_000]]);
        var error = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(counting));
        Assert.Equal(ProxyError.V2HeaderTooLarge, error.Error);
        Assert.Equal(16, counting.BytesRead);

        var atCap = new ProxyHeaderBuilder().Local().AddTlv(0xE5, new byte[ProxyParserOptions.DefaultMaxHeaderLength - 16 - 3]).Build().Encode();
        Assert.Equal(ProxyParserOptions.DefaultMaxHeaderLength, atCap.Length);
        counting = new CountingStream([.. atCap, .. "payload"u8]);
        var result = await ProxyProtocolReader.ReadAsync(counting);
        Assert.Equal(atCap.Length, result.Header.HeaderLength);
        Assert.Equal(atCap.Length, counting.BytesRead);

        counting = new CountingStream(System.Text.Encoding.ASCII.GetBytes("PROXY UNKNOWN " + new string('x', 10_000)));
        error = await Assert.ThrowsAsync<ProxyProtocolException>(async () => await ProxyProtocolReader.ReadAsync(counting));
        Assert.Equal(ProxyError.V1LineTooLong, error.Error);
        Assert.True(counting.BytesRead <= 107, $"read {counting.BytesRead} bytes of an endless v1 line");
    }

    [Fact]
    public async Task Valid_header_one_byte_at_a_time_within_the_timeout_is_accepted()
    {
        var header = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("[2001:db8::7]:4711"), IPEndPoint.Parse("[2001:db8::1]:443"))
            .AddTlv(0x02, "example.com"u8).AddCrc32C().Build().Encode();
        using var socket = await RawTcp.ConnectAsync(Server.ProxyEndPoint);
        var watch = Stopwatch.StartNew();
        foreach (var b in header)
        {
            await socket.SendAsync(new[] { b });
            await Task.Delay(15); // about a second for the header: slow, but within the 3-second timeout
        }

        output.WriteLine($"{header.Length}-byte header sent one byte at a time in {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(watch.Elapsed < ServerFixture.HeaderTimeout);
        await socket.SendAsync(Wire.Get());
        var reply = await RawTcp.ReadToCloseAsync(socket, TimeSpan.FromSeconds(10));
        Assert.Equal("remote=2001:db8::7:4711", HttpReply.Body(System.Text.Encoding.UTF8.GetString(reply!)));
    }

    [Fact]
    public async Task Trickle_slower_than_the_timeout_is_closed_at_the_timeout()
    {
        // The timeout bounds the whole header, not the gap between bytes: a slowloris trickle gets no extension.
        var header = Wire.V2(Wire.Client4, Wire.Server4);
        var watch = Stopwatch.StartNew(); // before connecting: the server's clock starts no earlier than this
        using var socket = await RawTcp.ConnectAsync(Server.ProxyEndPoint);
        var sent = 0;
        var closed = RawTcp.ReadToCloseAsync(socket, TimeSpan.FromSeconds(15));
        while (!closed.IsCompleted && sent < header.Length - 1)
        {
            try
            {
                await socket.SendAsync(new[] { header[sent++] });
            }
            catch (SocketException)
            {
                break;
            }

            await Task.WhenAny(closed, Task.Delay(250));
        }

        var reply = await closed;
        output.WriteLine($"trickle of one byte per 250 ms: closed after {watch.Elapsed.TotalSeconds:F2} s, {sent} bytes sent");
        Assert.NotNull(reply);
        Assert.Empty(reply);
        Assert.InRange(watch.Elapsed, ServerFixture.HeaderTimeout - TimeSpan.FromMilliseconds(100), ServerFixture.HeaderTimeout + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Clients_closing_mid_header_are_closed_cleanly_without_a_log_per_connection()
    {
        const int Clients = 400;
        var before = await Server.StatsAsync();
        var header = Wire.V2(Wire.Client4, Wire.Server4);
        var v1 = System.Text.Encoding.ASCII.GetBytes("PROXY TCP4 192.0.2.10 198.51.100.1 50000 443\r\n");
        var watch = Stopwatch.StartNew();
        await Parallel.ForAsync(0, Clients, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var source = i % 2 == 0 ? header : v1;
            var move = i % 4 < 2 ? HostileMove.CloseMidHeader : HostileMove.ResetMidHeader;
            Assert.True(await HostileClient.PlayAsync(Server.ProxyEndPoint, move, source[..(1 + (i % (source.Length - 1)))]));
        });
        await Task.Delay(500);
        var after = await Server.StatsAsync();

        var rejected = after["rejected"] - before["rejected"];
        var truncated = after["rejected.truncated"] - before["rejected.truncated"];
        var empty = after["empty"] - before["empty"];
        var warnings = after.Warnings - before.Warnings;
        output.WriteLine($"{Clients} clients closed mid-header in {watch.Elapsed.TotalMilliseconds:F0} ms: rejected {rejected} (truncated {truncated}), empty {empty}, warnings {warnings}, errors {after.Errors - before.Errors}");

        // A FIN leaves the bytes readable: truncated. A reset can discard them before the server reads anything, and
        // then looks like a health check's reset: counted as empty, not rejected.
        Assert.Equal(Clients, truncated + empty);
        Assert.Equal(truncated, rejected);
        Assert.True(truncated >= Clients / 2, $"only {truncated} of the {Clients / 2} FIN-closed connections were truncated");
        Assert.Equal(0, after.Errors);
        var windows = (long)Math.Ceiling(watch.Elapsed.TotalSeconds / 10) + 1;
        Assert.True(warnings <= 11 * windows, $"{warnings} warnings for {Clients} closed connections");
        Assert.Equal(before.Connections, after.Connections);
    }

    private static byte[] TooLargePrefix()
    {
        var prefix = new byte[16];
        "\r\n\r\n\0\r\nQUIT\n"u8.CopyTo(prefix);
        prefix[12] = 0x21;
        prefix[13] = 0x11;
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(14), ushort.MaxValue);
        return prefix;
    }

    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));
    }
}
