using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ProxyProtocol.Tool.Probe;

namespace ProxyProtocol.Tool.Tests;

public sealed class ProbeExchangeTests
{
    [Fact]
    public async Task The_deadline_runs_from_the_last_byte_sent_so_bytes_sent_one_by_one_outlasting_it_are_still_answered()
    {
        // 250 bytes one per write take at least 2.5 s to send, longer than the deadline: the pauses are the probe's own.
        await using var server = ProbeTarget.AnswerAfterServer(251);
        var outcome = await ProbeExchange.RunAsync(IPEndPoint.Parse(server.Address), new byte[250], [1], ProbeDelivery.ByteAtATime, TimeSpan.FromSeconds(1.5), CancellationToken.None);

        Assert.True(outcome.Observed == ProbeObserved.Accepted, $"{outcome.Observed} after {outcome.Elapsed.TotalSeconds} s");
        Assert.Equal("OK"u8.ToArray(), outcome.Reply);
    }

    [Fact]
    public async Task Elapsed_is_when_the_reply_began_not_when_the_probe_stopped_listening()
    {
        // The server answers at once and keeps the connection open: the probe listens on for a quiet half second,
        // which is its own wait, not the server's reply time ("replied after", stall_seconds).
        await using var server = ProbeTarget.AnswerAndHoldServer();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await ProbeExchange.RunAsync(IPEndPoint.Parse(server.Address), [], [1], ProbeDelivery.HeaderThenData, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(ProbeObserved.Accepted, outcome.Observed);
        Assert.True(outcome.Elapsed <= clock.Elapsed - TimeSpan.FromSeconds(0.45), $"{outcome.Elapsed} of {clock.Elapsed}");
    }

    [Fact]
    public async Task The_deadline_still_ends_a_silent_server()
    {
        await using var server = ProbeTarget.SilentServer();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await ProbeExchange.RunAsync(IPEndPoint.Parse(server.Address), new byte[20], [1], ProbeDelivery.ByteAtATime, TimeSpan.FromSeconds(0.5), CancellationToken.None);

        Assert.Equal(ProbeObserved.Timeout, outcome.Observed);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.6, 5); // the 20 pauses, then the deadline
    }

    [Theory]
    [InlineData(SocketError.HostUnreachable)]
    [InlineData(SocketError.NetworkUnreachable)]
    [InlineData(SocketError.TimedOut)]
    public async Task ProbeExchange_reports_a_network_failure_not_a_rejection_when_the_read_fails_other_than_by_a_reset(SocketError error)
    {
        var outcome = await ProbeExchange.ReadReplyAsync((_, _) => ValueTask.FromException<int>(new SocketException((int)error)), Stopwatch.GetTimestamp(), CancellationToken.None, CancellationToken.None);

        // Invalid cases pass when rejected: a network that failed must not pass for a server that rejected.
        var result = new ProbeResult(ProbeCases.All.Single(c => c.Name == "v2-command-2"), ExpectAccept: false, outcome, Claimed: null);
        Assert.False(result.Ok);
        Assert.False(result.Allowed);
        Assert.Contains($"the connection failed before any reply: {error}", ProbeReportTests.Row(result, "v2-command-2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeExchange_keeps_the_reply_when_the_connection_fails_after_it()
    {
        var reads = 0;
        var outcome = await ProbeExchange.ReadReplyAsync(
            (buffer, _) => reads++ == 0 ? ValueTask.FromResult(Encoding("220 ready\r\n", buffer)) : ValueTask.FromException<int>(new SocketException((int)SocketError.HostUnreachable)),
            Stopwatch.GetTimestamp(),
            CancellationToken.None,
            CancellationToken.None);

        Assert.Equal(ProbeObserved.Accepted, outcome.Observed); // reply bytes came back: that is the answer
        Assert.Equal("220 ready\r\n"u8.ToArray(), outcome.Reply);
    }

    private static int Encoding(string text, Memory<byte> buffer) => System.Text.Encoding.ASCII.GetBytes(text, buffer.Span);
}
