using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProxyProtocol.AspNetCore.Internal;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class LogThrottleTests
{
    [Fact]
    public void Budget_PerWindow_ThenReportsTheDemotedCount()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(time, budget: 3, window: TimeSpan.FromSeconds(10));
        Assert.Equal([true, true, true, false, false], Enumerable.Range(0, 5).Select(_ => throttle.TryAcquire(out _)).ToArray());

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(throttle.TryAcquire(out var demoted));
        Assert.Equal(2, demoted);
        Assert.True(throttle.TryAcquire(out demoted));
        Assert.Equal(0, demoted);
    }

    [Fact]
    public async Task FloodOfBadConnections_LogsAtMostTheBudgetAsWarnings()
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

        time.Advance(ProxyProtocolConnectionMiddleware.WarningWindow);
        harness.NewConnection();
        await harness.RunWithAsync("garbage\r\n"u8.ToArray());
        var summary = Assert.Single(harness.Logger.Collector.GetSnapshot(), r => r.Id.Name == "WarningsDemoted");
        Assert.Contains("40 PROXY protocol warnings", summary.Message, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warning, harness.Logger.Collector.LatestRecord.Level);
    }
}
