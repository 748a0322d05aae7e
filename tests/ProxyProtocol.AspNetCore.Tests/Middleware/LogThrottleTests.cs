using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProxyProtocol.AspNetCore.Internal;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class LogThrottleTests
{
    [Fact]
    public void Budget_per_window_then_the_demoted_count_is_reported_when_the_window_ends()
    {
        var time = new FakeTimeProvider();
        var reports = new List<int>();
        var throttle = new LogThrottle(time, budget: 3, window: TimeSpan.FromSeconds(10), reports.Add);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => throttle.TryAcquire()).ToArray());

        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1)); // the window began with the first event
        Assert.Empty(reports);
        time.Advance(TimeSpan.FromMilliseconds(1)); // the window ends: reported with nothing else happening
        Assert.Equal([2], reports);

        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(throttle.TryAcquire());
        Assert.Equal([2], reports); // reported once
    }

    [Fact]
    public void A_warning_in_the_next_window_before_the_timer_reports_the_count_first_once()
    {
        var time = new FakeTimeProvider();
        var reports = new List<int>();
        var throttle = new LogThrottle(new ClockWithoutTimers(time), budget: 1, window: TimeSpan.FromSeconds(10), reports.Add);
        Assert.True(throttle.TryAcquire());
        Assert.False(throttle.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(throttle.TryAcquire());
        Assert.Equal([1], reports);
    }

    [Fact]
    public async Task Flood_of_bad_connections_logs_at_most_the_budget_as_warnings_and_the_summary_at_the_windows_end()
    {
        var time = new FakeTimeProvider();
        using var harness = new ConnectionHarness(timeProvider: time);
        for (var i = 0; i < 50; i++)
        {
            harness.NewConnection();
            await harness.RunWithAsync("garbage\r\n"u8.ToArray());
        }

        var records = harness.Logger.Collector.GetSnapshot();
        Assert.Equal(ProxyProtocolConnectionMiddleware.WarningBudget, records.Count(r => r.Level == LogLevel.Warning));
        Assert.Equal(50 - ProxyProtocolConnectionMiddleware.WarningBudget, records.Count(r => r.Level == LogLevel.Debug && r.Id.Name == "HeaderRejected"));
        Assert.DoesNotContain(records, r => r.Id.Name == "WarningsDemoted");

        // No later connection: the window's end alone writes the summary.
        time.Advance(ProxyProtocolConnectionMiddleware.WarningWindow);
        var summary = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "WarningsDemoted");
        Assert.Equal(LogLevel.Warning, summary.Level);
        Assert.Contains("40 PROXY protocol warnings", summary.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The window's end reports from a timer thread, where an exception would end the process: a logging provider that
    /// throws (one disposed with its host, while the timer is still armed) must not take the app down.
    /// </summary>
    [Fact]
    public void WindowEnd_does_not_throw_onto_the_timer_thread_when_the_report_throws()
    {
        var time = new FakeTimeProvider();
        var reports = 0;
        var throttle = new LogThrottle(time, budget: 1, window: TimeSpan.FromSeconds(10), _ =>
        {
            reports++;
            throw new ObjectDisposedException("LoggerFactory");
        });
        Assert.True(throttle.TryAcquire());
        Assert.False(throttle.TryAcquire());

        time.Advance(TimeSpan.FromSeconds(10)); // FakeTimeProvider runs the timer's callback here, on this thread
        Assert.Equal(1, reports);

        // The throttle still works afterwards: a new window, a new budget, a new report.
        Assert.True(throttle.TryAcquire());
        Assert.False(throttle.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, reports);
    }

    /// <summary>A clock whose timers never fire, to let a warning of the next window come before the timer.</summary>
    private sealed class ClockWithoutTimers(TimeProvider clock) : TimeProvider
    {
        public override long GetTimestamp() => clock.GetTimestamp();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NoTimer();

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
