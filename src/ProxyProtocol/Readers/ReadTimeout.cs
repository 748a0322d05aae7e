namespace ProxyProtocol;

/// <summary>A linked token that fires on the caller's cancellation or after the read timeout, whichever is first.</summary>
internal sealed class ReadTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;

    private ReadTimeout(CancellationTokenSource source) => _source = source;

    public CancellationToken Token => _source.Token;

    public static ReadTimeout Start(ProxyParserOptions options, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ReadTimeout != Timeout.InfiniteTimeSpan)
        {
            source.CancelAfter(options.ReadTimeout);
        }

        return new ReadTimeout(source);
    }

    /// <summary>True when the timeout, not the caller, cancelled the read.</summary>
    public bool TimedOut(CancellationToken callerToken) => _source.IsCancellationRequested && !callerToken.IsCancellationRequested;

    public void Dispose() => _source.Dispose();
}
