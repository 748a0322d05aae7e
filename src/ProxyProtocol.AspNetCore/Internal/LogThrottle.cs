namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Lets a bounded number of warnings through per time window, so a flood of bad connections cannot flood the logs.
/// Events over the budget are still written, at Debug level; when a window in which some were demoted ends, one
/// summary reports how many (from a timer, so the count of the last flood is reported even if nothing follows it).
/// </summary>
internal sealed class LogThrottle
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _budget;
    private readonly TimeSpan _window;
    private readonly Action<int> _reportDemoted;
    private readonly ITimer _windowEnd;
    private long _windowStart = long.MinValue;
    private int _used;
    private int _demoted;

    /// <param name="timeProvider">The clock and the timer.</param>
    /// <param name="budget">Warnings allowed per window.</param>
    /// <param name="window">The window.</param>
    /// <param name="reportDemoted">Writes the summary for a count of demoted events; never called under the lock. An
    /// exception it throws from the timer is dropped (see <see cref="Flush"/>).</param>
    public LogThrottle(TimeProvider timeProvider, int budget, TimeSpan window, Action<int> reportDemoted)
    {
        _timeProvider = timeProvider;
        _budget = budget;
        _window = window;
        _reportDemoted = reportDemoted;

        // Created here, with no connection's execution context to capture; armed only when a window demotes something.
        using (ExecutionContext.SuppressFlow())
        {
            _windowEnd = timeProvider.CreateTimer(static state => ((LogThrottle)state!).Flush(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Takes one slot: true when the event may be a warning, false when it is demoted to Debug.</summary>
    public bool TryAcquire()
    {
        var now = _timeProvider.GetTimestamp();
        int ended;
        bool allowed;
        lock (_lock)
        {
            ended = 0;
            if (_windowStart == long.MinValue || _timeProvider.GetElapsedTime(_windowStart, now) >= _window)
            {
                // A window ended and the timer has not reported it yet: report it before this event.
                ended = _demoted;
                _demoted = 0;
                _windowStart = now;
                _used = 0;
            }

            allowed = _used < _budget;
            if (allowed)
            {
                _used++;
            }
            else if (_demoted++ == 0)
            {
                _windowEnd.Change(_window - _timeProvider.GetElapsedTime(_windowStart, now), Timeout.InfiniteTimeSpan);
            }
        }

        if (ended > 0)
        {
            _reportDemoted(ended);
        }

        return allowed;
    }

    private void Flush()
    {
        int demoted;
        lock (_lock)
        {
            demoted = _demoted;
            _demoted = 0;
        }

        if (demoted > 0)
        {
            try
            {
                _reportDemoted(demoted);
            }
            catch (Exception)
            {
                // This runs on a timer thread, where an exception ends the process. A logger that throws (one disposed
                // with its host while the timer was armed) has nowhere to report to, so the summary is dropped.
            }
        }
    }
}
