using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// The connections of one endpoint whose header has not arrived yet, and one timer that ends their waits. A linked
/// <see cref="CancellationTokenSource"/> with its own timer per waiting connection costs about 1 KB; here a wait costs
/// one small node. Waits end by cancelling the pending read (<see cref="System.IO.Pipelines.PipeReader.CancelPendingRead"/>)
/// after setting the node's <see cref="HeaderWait.Outcome"/>: at <c>HeaderTimeout</c> (to the timer's precision), and
/// within <see cref="PollInterval"/> when Kestrel asks the connection to close (graceful shutdown, endpoint reload) or
/// it is closed; both are polled, so no callback is registered per connection. Application stopping alone ends no
/// wait: Kestrel may keep serving during a drain delay, and it asks each connection to close when it really stops.
/// A tick walks the whole list (O(waiting connections) once a second, ~10 µs for 10,000 stalled connections).
/// </summary>
internal sealed class HeaderWaits
{
    internal static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private ITimer? _timer;
    private bool _armed;

    // Ordered by deadline: every wait has the same timeout and is appended with a later start.
    private HeaderWait? _head;
    private HeaderWait? _tail;

    public HeaderWaits(TimeProvider timeProvider, TimeSpan timeout)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
    }

    /// <summary>The number of waits in progress (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                var n = 0;
                for (var w = _head; w is not null; w = w.Next)
                {
                    n++;
                }

                return n;
            }
        }
    }

    /// <summary>Starts a wait for <paramref name="context"/>; it must be passed to <see cref="End"/> when the read ends.</summary>
    public HeaderWait Begin(ConnectionContext context)
    {
        var closeRequested = context.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        var wait = new HeaderWait(context, closeRequested);
        lock (_lock)
        {
            wait.Deadline = _timeProvider.GetTimestamp() + _timeoutTicks;
            wait.Previous = _tail;
            if (_tail is null)
            {
                _head = wait;
            }
            else
            {
                _tail.Next = wait;
            }

            _tail = wait;
            wait.Linked = true;
            if (!_armed)
            {
                _armed = true;
                Arm(Min(_timeout, PollInterval));
            }
        }

        return wait;
    }

    /// <summary>Ends a wait (the header arrived or the read failed); the timer stops at its next tick when no wait is left.</summary>
    public void End(HeaderWait wait)
    {
        lock (_lock)
        {
            Unlink(wait);
        }
    }

    private void OnTick()
    {
        HeaderWait? ended = null;
        lock (_lock)
        {
            var now = _timeProvider.GetTimestamp();
            for (var w = _head; w is not null;)
            {
                var next = w.Next;
                var outcome = now >= w.Deadline ? HeaderWaitOutcome.Timeout
                    : w.CloseRequested.IsCancellationRequested ? HeaderWaitOutcome.Shutdown
                    : w.Context.ConnectionClosed.IsCancellationRequested ? HeaderWaitOutcome.ConnectionClosed
                    : HeaderWaitOutcome.None;
                if (outcome != HeaderWaitOutcome.None)
                {
                    Unlink(w);

                    // Settled here; only a wait this tick settled (not one its reader settled first) has its read
                    // cancelled, chained through Next and woken outside the lock.
                    if (w.TrySettle(outcome))
                    {
                        w.Next = ended;
                        ended = w;
                    }
                }

                w = next;
            }

            if (_head is null)
            {
                _armed = false;
            }
            else
            {
                var untilFirstDeadline = _timeProvider.GetElapsedTime(now, _head.Deadline);
                Arm(Min(untilFirstDeadline, PollInterval));
            }
        }

        // Outside the lock: cancelling a read may run the connection's continuation inline.
        CancelReads(ended);
    }

    private static void CancelReads(HeaderWait? chain)
    {
        while (chain is not null)
        {
            var next = chain.Next;
            chain.Next = null;
            try
            {
                chain.Context.Transport.Input.CancelPendingRead();
            }
#pragma warning disable CA1031 // A transport failing to cancel its read must not stop the others' timeouts (or the timer thread).
            catch (Exception)
#pragma warning restore CA1031
            {
                // The outcome is settled: when the read does end, the connection is closed with it.
            }

            chain = next;
        }
    }

    private void Unlink(HeaderWait wait)
    {
        if (!wait.Linked)
        {
            return;
        }

        if (wait.Previous is null)
        {
            _head = wait.Next;
        }
        else
        {
            wait.Previous.Next = wait.Next;
        }

        if (wait.Next is null)
        {
            _tail = wait.Previous;
        }
        else
        {
            wait.Next.Previous = wait.Previous;
        }

        wait.Previous = wait.Next = null;
        wait.Linked = false;
    }

    private void Arm(TimeSpan due)
    {
        due = due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due;
        if (_timer is null)
        {
            // Not capturing the first waiting connection's execution context: the timer outlives it.
            var suppressed = ExecutionContext.IsFlowSuppressed();
            if (!suppressed)
            {
                ExecutionContext.SuppressFlow();
            }

            try
            {
                _timer = _timeProvider.CreateTimer(static state => ((HeaderWaits)state!).OnTick(), this, due, Timeout.InfiniteTimeSpan);
            }
            finally
            {
                if (!suppressed)
                {
                    ExecutionContext.RestoreFlow();
                }
            }
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
