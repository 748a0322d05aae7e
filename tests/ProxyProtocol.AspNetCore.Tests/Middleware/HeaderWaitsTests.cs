using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Time.Testing;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

/// <summary>The shared timer that ends header waits: exact timeouts, close requests, and no stray cancellation.</summary>
public sealed class HeaderWaitsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Wait_EndsExactlyAtTheTimeout_ByCancellingThePendingRead()
    {
        var time = new FakeTimeProvider();
        var waits = new HeaderWaits(time, Timeout);
        var (context, _) = NewConnection();
        var wait = waits.Begin(context);
        var read = context.Transport.Input.ReadAsync().AsTask();

        time.Advance(Timeout - TimeSpan.FromMilliseconds(1)); // the poll ticks in between change nothing
        Assert.Equal(HeaderWaitOutcome.None, wait.Outcome);
        Assert.False(read.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HeaderWaitOutcome.Timeout, wait.Outcome);
        Assert.True((await read.WaitAsync(TimeSpan.FromSeconds(5))).IsCanceled);
        Assert.Equal(0, waits.Count);
    }

    [Fact]
    public void LaterWaits_KeepTheirOwnDeadlines()
    {
        var time = new FakeTimeProvider();
        var waits = new HeaderWaits(time, Timeout);
        var first = waits.Begin(NewConnection().Context);
        time.Advance(TimeSpan.FromSeconds(4));
        var second = waits.Begin(NewConnection().Context);

        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(HeaderWaitOutcome.Timeout, first.Outcome);
        Assert.Equal(HeaderWaitOutcome.None, second.Outcome);
        Assert.Equal(1, waits.Count);

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(HeaderWaitOutcome.Timeout, second.Outcome);
        Assert.Equal(0, waits.Count);
    }

    [Fact]
    public async Task AWaitThatReadItsHeader_IsNeitherCancelledNorTimedOut()
    {
        var time = new FakeTimeProvider();
        var waits = new HeaderWaits(time, Timeout);
        var (context, client) = NewConnection();
        var wait = waits.Begin(context);
        var middle = waits.Begin(NewConnection().Context);
        var last = waits.Begin(NewConnection().Context);

        Assert.True(wait.TrySettle(HeaderWaitOutcome.Read));
        waits.End(middle); // unlinking from the middle of the list keeps the rest
        Assert.Equal(2, waits.Count);

        // Still listed when its deadline passes (the reader settled but has not ended the wait yet): the tick unlinks
        // it without cancelling, so no cancellation is left behind for the next reader of the connection.
        time.Advance(Timeout * 2);
        waits.End(wait);
        Assert.Equal(0, waits.Count);
        Assert.Equal(HeaderWaitOutcome.Read, wait.Outcome);
        Assert.Equal(HeaderWaitOutcome.None, middle.Outcome);
        Assert.Equal(HeaderWaitOutcome.Timeout, last.Outcome);
        await client.WriteAsync("GET"u8.ToArray());
        var next = await context.Transport.Input.ReadAsync();
        Assert.False(next.IsCanceled);
    }

    [Fact]
    public void CloseRequestedAndClosedConnections_EndWithinThePollInterval()
    {
        var time = new FakeTimeProvider();
        var waits = new HeaderWaits(time, Timeout);
        var (asked, _) = NewConnection();
        var notification = new Notification();
        asked.Features.Set<IConnectionLifetimeNotificationFeature>(notification);
        var (closed, _) = NewConnection();
        using var closedSource = new CancellationTokenSource();
        closed.ConnectionClosed = closedSource.Token;
        var askedWait = waits.Begin(asked);
        var closedWait = waits.Begin(closed);
        var other = waits.Begin(NewConnection().Context);

        notification.Source.Cancel();
        closedSource.Cancel();
        time.Advance(HeaderWaits.PollInterval);

        Assert.Equal(HeaderWaitOutcome.Shutdown, askedWait.Outcome);
        Assert.Equal(HeaderWaitOutcome.ConnectionClosed, closedWait.Outcome);
        Assert.Equal(HeaderWaitOutcome.None, other.Outcome);
        Assert.Equal(1, waits.Count);
    }

    [Fact]
    public void ManyWaits_EndInOneTick_AndTheTimerRestartsForNewOnes()
    {
        var time = new FakeTimeProvider();
        var waits = new HeaderWaits(time, TimeSpan.FromSeconds(2));
        var batch = Enumerable.Range(0, 1000).Select(_ => waits.Begin(NewConnection().Context)).ToArray();
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.All(batch, w => Assert.Equal(HeaderWaitOutcome.Timeout, w.Outcome));
        Assert.Equal(0, waits.Count);

        // Idle now; a new wait arms the timer again.
        time.Advance(TimeSpan.FromMinutes(1));
        var again = waits.Begin(NewConnection().Context);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HeaderWaitOutcome.Timeout, again.Outcome);
    }

    private static (DefaultConnectionContext Context, PipeWriter Client) NewConnection()
    {
        var input = new Pipe();
        var output = new Pipe();
        var context = new DefaultConnectionContext("test", new Duplex(input.Reader, output.Writer), new Duplex(output.Reader, input.Writer));
        return (context, input.Writer);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class Notification : IConnectionLifetimeNotificationFeature
    {
        public CancellationTokenSource Source { get; } = new();

        public CancellationToken ConnectionClosedRequested
        {
            get => Source.Token;
            set => throw new NotSupportedException();
        }

        public void RequestClose() => Source.Cancel();
    }
}
