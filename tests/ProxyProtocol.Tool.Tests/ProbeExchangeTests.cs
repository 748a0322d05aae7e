using System.Net;
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
}
