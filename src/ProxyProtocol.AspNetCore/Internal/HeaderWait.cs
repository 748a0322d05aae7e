using Microsoft.AspNetCore.Connections;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>How a header wait ended; the first to settle it wins (the reader or <see cref="HeaderWaits"/>).</summary>
internal enum HeaderWaitOutcome
{
    None,
    Read,
    Timeout,
    Shutdown,
    ConnectionClosed,
}

/// <summary>One connection waiting for its header: a node of <see cref="HeaderWaits"/>' list.</summary>
internal sealed class HeaderWait(ConnectionContext context, CancellationToken closeRequested)
{
    private int _outcome;

    public ConnectionContext Context { get; } = context;

    public CancellationToken CloseRequested { get; } = closeRequested;

    public HeaderWaitOutcome Outcome => (HeaderWaitOutcome)Volatile.Read(ref _outcome);

    // List state, guarded by HeaderWaits' lock.
    internal long Deadline { get; set; }

    internal HeaderWait? Previous { get; set; }

    internal HeaderWait? Next { get; set; }

    internal bool Linked { get; set; }

    /// <summary>Settles the outcome unless it is settled already; true when this call settled it. <see cref="HeaderWaits"/>
    /// cancels the pending read only after settling it itself, so a header the reader settled first never leaves a
    /// stray cancellation for the next reader.</summary>
    public bool TrySettle(HeaderWaitOutcome outcome) =>
        Interlocked.CompareExchange(ref _outcome, (int)outcome, (int)HeaderWaitOutcome.None) == (int)HeaderWaitOutcome.None;
}
