using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Connection middleware that runs first on an endpoint: checks the peer, reads the PROXY header from the transport
/// (advancing exactly past it), applies its addresses and adds <see cref="IProxyProtocolFeature"/>, then calls the
/// rest of the pipeline (TLS, HTTP, or a connection handler). On any failure the connection is closed and nothing
/// reaches the next layer. With <see cref="ProxyProtocolOptions.HeaderRequired"/> off, a connection whose first bytes
/// cannot begin a signature reaches the next layer untouched.
/// </summary>
internal sealed class ProxyProtocolConnectionMiddleware
{
    internal const int WarningBudget = 10;
    internal static readonly TimeSpan WarningWindow = TimeSpan.FromSeconds(10);

    private readonly ConnectionDelegate _next;
    private readonly ProxyProtocolOptions _options;
    private readonly ProxyParserOptions _parserOptions;
    private readonly TrustedPeers _trustedPeers;
    private readonly ILogger _logger;
    private readonly ProxyProtocolMetrics _metrics;
    private readonly ObjectPool<CancellationTokenSource> _timeouts;
    private readonly TimeProvider _timeProvider;
    private readonly LogThrottle _throttle;

    public ProxyProtocolConnectionMiddleware(
        ConnectionDelegate next,
        ProxyProtocolOptions options,
        ILogger logger,
        ProxyProtocolMetrics metrics,
        TimeProvider timeProvider)
    {
        _next = next;
        _options = options;
        _parserOptions = options.Parser; // Parse ignores HeaderTimeout: the wait path's pooled token sources keep it.
        _trustedPeers = new TrustedPeers(options.TrustedNetworks);
        _logger = logger;
        _metrics = metrics;
        _timeouts = HeaderTimeoutPolicy.CreatePool(timeProvider);
        _timeProvider = timeProvider;
        _throttle = new LogThrottle(timeProvider, WarningBudget, WarningWindow, demoted => Log.WarningsDemoted(logger, demoted, WarningBudget, WarningWindow));
    }

    /// <summary>What a read settled.</summary>
    private enum Step
    {
        Wait,
        Header,
        NoHeader,
        Invalid,
        Empty,
        Shutdown,
        Cancelled,
    }

    public Task OnConnectionAsync(ConnectionContext context)
    {
        var peer = context.RemoteEndPoint;
        if (!_trustedPeers.IsTrusted(peer))
        {
            _metrics.UntrustedPeer(_options.UntrustedPeerPolicy);
            if (_options.UntrustedPeerPolicy == UntrustedPeerPolicy.Skip)
            {
                Log.UntrustedPeerSkipped(_logger, peer);
                return _next(context);
            }

            var level = WarningOrDebug();
            Log.UntrustedPeerRejected(_logger, level, peer);
            context.Abort(new ConnectionAbortedException("The peer is not a trusted PROXY protocol sender."));
            return Task.CompletedTask;
        }

        // Not an async method: when the header was already buffered (the usual case) the rest of the connection's
        // pipeline is returned as is, without a state machine or a wait allocated for this connection.
        var started = _timeProvider.GetTimestamp();
        var input = context.Transport.Input;
        Step step;
        ProxyHeader? header = null;
        var error = ProxyError.None;
        long received = 0;
        try
        {
            if (!input.TryRead(out var read))
            {
                return WaitThenContinueAsync(context, started, received);
            }

            received = read.Buffer.Length;
            step = Decide(input, read, out header, out error);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            step = Step.Empty; // reset or aborted before a byte was read
        }

        return step == Step.Wait ? WaitThenContinueAsync(context, started, received) : Finish(context, step, header, error, started);
    }

    /// <param name="context">The connection.</param>
    /// <param name="started">When the middleware began with it.</param>
    /// <param name="received">The bytes of a header prefix seen so far (a reset after them is a truncated header).</param>
    private async Task WaitThenContinueAsync(ConnectionContext context, long started, long received)
    {
        // The read is cancelled through its token at HeaderTimeout or when Kestrel asks the connection to close
        // (shutdown, endpoint reload). A token cancels only the read it was passed to, so a deadline or close request
        // after the header leaves nothing behind for the next reader. A connection that goes away ends the read on
        // its own: the transport completes the input, before Kestrel signals ConnectionClosed.
        var input = context.Transport.Input;
        var closeRequested = context.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        var timeout = _timeouts.Get();
        timeout.CancelAfter(_parserOptions.HeaderTimeout);
        var registration = closeRequested.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), timeout);
        var step = Step.Wait;
        ProxyHeader? header = null;
        var error = ProxyError.None;
        try
        {
            while (step == Step.Wait)
            {
                var read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                received = read.Buffer.Length;
                step = Decide(input, read, out header, out error);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            (step, error) = closeRequested.IsCancellationRequested ? (Step.Shutdown, ProxyError.None) : (Step.Invalid, ProxyError.Timeout);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            (step, error) = received == 0 ? (Step.Empty, ProxyError.None) : (Step.Invalid, ProxyError.Truncated);
        }
        finally
        {
            registration.Dispose(); // waits for a close-request callback in progress: then the source is ours alone
            _timeouts.Return(timeout);
        }

        await Finish(context, step, header, error, started).ConfigureAwait(false);
    }

    /// <summary>Judges one read and leaves the reader where the next reader must find it.</summary>
    private Step Decide(PipeReader input, in ReadResult read, out ProxyHeader? header, out ProxyError error)
    {
        var parsed = ProxyProtocolReader.Parse(input, read, out header, _parserOptions);
        error = parsed.Error;
        if (parsed.IsComplete)
        {
            return Step.Header; // a complete header wins over a cancellation, which this read has consumed
        }

        if (parsed.IsIncomplete)
        {
            return read.IsCanceled ? Step.Cancelled : Step.Wait; // Parse advanced the reader: everything examined
        }

        // Invalid: Parse left the reader where it was.
        if (!read.IsCanceled && error == ProxyError.UnrecognizedSignature && !_options.HeaderRequired)
        {
            // Not a header, decided on the first byte that differs from both signatures. Nothing consumed or
            // examined, so the next layer's first read returns these bytes at once.
            input.AdvanceTo(read.Buffer.Start);
            return Step.NoHeader;
        }

        input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        return read.IsCanceled ? Step.Cancelled
            : error == ProxyError.Truncated && parsed.ErrorOffset == 0 ? Step.Empty
            : Step.Invalid;
    }

    private Task Finish(ConnectionContext context, Step step, ProxyHeader? header, ProxyError error, long started)
    {
        var peer = context.RemoteEndPoint;
        switch (step)
        {
            case Step.Header:
                return Continue(context, header!, started);
            case Step.NoHeader:
                _metrics.WithoutHeader();
                Log.NoHeader(_logger, peer);
                return _next(context);
            case Step.Empty:
                // A peer that connects and closes without sending a byte (a TCP health check, a port scan) is routine.
                _metrics.Empty();
                Log.ClosedEmpty(_logger, peer);
                break;
            case Step.Invalid:
                _metrics.Rejected(error, _timeProvider.GetElapsedTime(started));
                var level = WarningOrDebug();
                var (name, description) = (error.GetName(), error.GetDescription()); // table lookups
                Log.HeaderRejected(_logger, level, peer, name, description);
                break;
            default:
                var reason = step == Step.Shutdown ? ProxyProtocolMetrics.Shutdown : ProxyProtocolMetrics.Cancelled;
                _metrics.Ended(reason, _timeProvider.GetElapsedTime(started));
                Log.HeaderReadEnded(_logger, peer, reason);
                break;
        }

        context.Abort(new ConnectionAbortedException("No valid PROXY protocol header."));
        return Task.CompletedTask;
    }

    private Task Continue(ConnectionContext context, ProxyHeader header, long started)
    {
        var socketRemote = context.RemoteEndPoint;
        var socketLocal = context.LocalEndPoint;
        _metrics.Accepted(header, _timeProvider.GetElapsedTime(started));
        Log.HeaderAccepted(_logger, socketRemote, header);
        if (header.Crc32CVerified == false)
        {
            var level = WarningOrDebug();
            Log.Crc32CMismatchAccepted(_logger, level, socketRemote);
        }

        // LOCAL, UNKNOWN/UNSPEC and UNIX keep the socket's endpoints: health checks must still show the balancer.
        if (header.HasIPEndPoints)
        {
            context.RemoteEndPoint = header.Source;
            context.LocalEndPoint = header.Destination;
        }

        context.Features.Set<IProxyProtocolFeature>(
            new ProxyProtocolFeature(header, socketRemote, socketLocal, _options.ForwardedHeaders, _options.SetHttpsSchemeFromSslTlv));
        return _next(context);
    }

    /// <summary>The transport ended the read: reset or aborted by the peer or the transport.</summary>
    private static bool IsConnectionGone(Exception ex) => ex is IOException or ConnectionAbortedException or ObjectDisposedException;

    /// <summary>Warning within the flood budget, else Debug (the throttle reports how many were demoted).</summary>
    private LogLevel WarningOrDebug() => _throttle.TryAcquire() ? LogLevel.Warning : LogLevel.Debug;
}
