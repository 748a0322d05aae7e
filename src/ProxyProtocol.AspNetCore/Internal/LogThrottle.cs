namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Lets a bounded number of warnings through per time window, so a flood of bad connections cannot flood the logs.
/// Events over the budget are still written, at Debug level; the first warning of a later window reports how many
/// were demoted.
/// </summary>
internal sealed class LogThrottle(TimeProvider timeProvider, int budget, TimeSpan window)
{
    private readonly Lock _lock = new();
    private long _windowStart = long.MinValue;
    private int _used;
    private int _demoted;

    /// <summary>Takes one slot. Returns true when the event may be a warning; <paramref name="demotedBefore"/> is the
    /// number demoted since the last warning, to be reported with this one.</summary>
    public bool TryAcquire(out int demotedBefore)
    {
        var now = timeProvider.GetTimestamp();
        lock (_lock)
        {
            if (_windowStart == long.MinValue || timeProvider.GetElapsedTime(_windowStart, now) >= window)
            {
                _windowStart = now;
                _used = 0;
            }

            if (_used < budget)
            {
                _used++;
                demotedBefore = _demoted;
                _demoted = 0;
                return true;
            }

            _demoted++;
            demotedBefore = 0;
            return false;
        }
    }
}
