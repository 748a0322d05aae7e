using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Connection middleware that runs first on an endpoint: checks the peer, reads the PROXY header from the transport
/// (advancing exactly past it), applies its addresses and adds <see cref="IProxyProtocolFeature"/>, then calls the
/// rest of the pipeline (TLS, HTTP, or a connection handler). On any failure the connection is closed and nothing
/// reaches the next layer.
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
        // Parse ignores HeaderTimeout: the wait path's pooled token sources keep it.
        _parserOptions = options.Parser;
        _trustedPeers = new TrustedPeers(options.TrustedNetworks);
        _logger = logger;
        _metrics = metrics;
        _timeouts = HeaderTimeoutPolicy.CreatePool(timeProvider);
        _timeProvider = timeProvider;
        _throttle = new LogThrottle(timeProvider, WarningBudget, WarningWindow, demoted => Log.WarningsDemoted(logger, demoted, WarningBudget, WarningWindow));
    }

    public Task OnConnectionAsync(ConnectionContext context)
    {
        var socketRemote = context.RemoteEndPoint;
        var socketLocal = context.LocalEndPoint;
        if (!_trustedPeers.IsTrusted(socketRemote))
        {
            _metrics.UntrustedPeer(_options.UntrustedPeerPolicy);
            if (_options.UntrustedPeerPolicy == UntrustedPeerPolicy.Skip)
            {
                Log.UntrustedPeerSkipped(_logger, socketRemote);
                return _next(context);
            }

            var level = WarningOrDebug();
            Log.UntrustedPeerRejected(_logger, level, socketRemote);
            context.Abort(new ConnectionAbortedException("The peer is not a trusted PROXY protocol sender."));
            return Task.CompletedTask;
        }

        // Not an async method: when the header was already buffered (the usual case) the rest of the connection's
        // pipeline is returned as is, without a state machine or a wait allocated for this connection.
        var started = _timeProvider.GetTimestamp();
        var input = context.Transport.Input;
        ReadResult read;
        ProxyParseResult parsed;
        ProxyHeader? header;
        try
        {
            if (!input.TryRead(out read))
            {
                return WaitThenContinueAsync(context, socketRemote, socketLocal, started);
            }

            parsed = ProxyProtocolReader.Parse(input, read, out header, _parserOptions);
            if (parsed.IsInvalid)
            {
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            return Reject(context, Ended(socketRemote, ErrorNames.ConnectionClosed), started);
        }

        if (parsed.IsComplete)
        {
            return Continue(context, header!, socketRemote, socketLocal, started);
        }

        // A read cancelled by another component ends the attempt as a closed connection, whatever the bytes so far.
        if (read.IsCanceled)
        {
            return Reject(context, Ended(socketRemote, ErrorNames.ConnectionClosed), started);
        }

        return parsed.IsInvalid
            ? Reject(context, Rejected(socketRemote, parsed.Error, parsed.ErrorOffset), started)
            : WaitThenContinueAsync(context, socketRemote, socketLocal, started);
    }

    private async Task WaitThenContinueAsync(ConnectionContext context, EndPoint? socketRemote, EndPoint? socketLocal, long started)
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
        ProxyHeader? header = null;
        string? reason = null;
        try
        {
            while (header is null && reason is null)
            {
                var read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (read.IsCanceled)
                {
                    // CancelPendingRead from another component: it wants this read to end.
                    input.AdvanceTo(read.Buffer.Start);
                    reason = Ended(socketRemote, ErrorNames.ConnectionClosed);
                }
                else
                {
                    var parsed = ProxyProtocolReader.Parse(input, read, out var complete, _parserOptions);
                    if (parsed.IsComplete)
                    {
                        header = complete;
                    }
                    else if (parsed.IsInvalid)
                    {
                        input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                        reason = Rejected(socketRemote, parsed.Error, parsed.ErrorOffset);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            reason = closeRequested.IsCancellationRequested ? Ended(socketRemote, ErrorNames.Shutdown) : Rejected(socketRemote, ProxyError.Timeout, -1);
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            reason = Ended(socketRemote, ErrorNames.ConnectionClosed);
        }
        finally
        {
            registration.Dispose(); // waits for a close-request callback in progress: then the source is ours alone
            _timeouts.Return(timeout);
        }

        if (header is null)
        {
            await Reject(context, reason!, started).ConfigureAwait(false);
            return;
        }

        await Continue(context, header, socketRemote, socketLocal, started).ConfigureAwait(false);
    }

    private Task Continue(ConnectionContext context, ProxyHeader header, EndPoint? socketRemote, EndPoint? socketLocal, long started)
    {
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

    private Task Reject(ConnectionContext context, string reason, long started)
    {
        _metrics.Rejected(reason, _timeProvider.GetElapsedTime(started));
        context.Abort(new ConnectionAbortedException("No valid PROXY protocol header."));
        return Task.CompletedTask;
    }

    private static bool IsReadFailure(Exception ex) =>
        ex is OperationCanceledException or IOException or ConnectionAbortedException or ObjectDisposedException;

    private string Ended(EndPoint? peer, string reason)
    {
        Log.HeaderReadEnded(_logger, peer, reason);
        return reason;
    }

    private string Rejected(EndPoint? peer, ProxyError error, int offset)
    {
        var reason = error.GetName();

        // A peer that connects and closes without sending a byte (a TCP health check, a port scan) is routine.
        var level = error == ProxyError.Truncated && offset == 0 ? LogLevel.Debug : WarningOrDebug();
        var description = error.GetDescription();
        Log.HeaderRejected(_logger, level, peer, reason, description);
        return reason;
    }

    /// <summary>Warning within the flood budget, else Debug (the throttle reports how many were demoted).</summary>
    private LogLevel WarningOrDebug() => _throttle.TryAcquire() ? LogLevel.Warning : LogLevel.Debug;
}
