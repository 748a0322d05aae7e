namespace ProxyProtocol.Readers;

/// <summary>
/// A token that fires on the caller's cancellation or after the header timeout, whichever is first. Without a timeout
/// the caller's token is used as is (nothing is allocated).
/// </summary>
internal readonly struct HeaderTimer : IDisposable
{
    private readonly CancellationTokenSource? _source;
    private readonly CancellationToken _token;

    private HeaderTimer(CancellationTokenSource? source, CancellationToken token)
    {
        _source = source;
        _token = token;
    }

    public CancellationToken Token => _token;

    public static HeaderTimer Start(ProxyParserOptions options, CancellationToken cancellationToken)
    {
        if (options.HeaderTimeout == Timeout.InfiniteTimeSpan)
        {
            return new HeaderTimer(null, cancellationToken);
        }

        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.HeaderTimeout);
        return new HeaderTimer(source, source.Token);
    }

    /// <summary>True when the timeout, not the caller, cancelled the read.</summary>
    public bool TimedOut(CancellationToken callerToken) => _source is { IsCancellationRequested: true } && !callerToken.IsCancellationRequested;

    public void Dispose() => _source?.Dispose();
}
