using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Logging;

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
    private readonly HeaderWaits _waits;
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
        // HeaderTimeout is kept by HeaderWaits, for all of this endpoint's waiting connections together.
        _parserOptions = ProxyProtocolOptionsValidator.ToParserOptions(options, withTimeout: false);
        _trustedPeers = new TrustedPeers(options.TrustedNetworks);
        _logger = logger;
        _metrics = metrics;
        _waits = new HeaderWaits(timeProvider, options.HeaderTimeout);
        _timeProvider = timeProvider;
        _throttle = new LogThrottle(timeProvider, WarningBudget, WarningWindow);
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
            return Reject(context, Closed(socketRemote), started);
        }

        if (parsed.IsComplete)
        {
            return Continue(context, header!, socketRemote, socketLocal, started);
        }

        // A read cancelled by another component ends the attempt as a closed connection, whatever the bytes so far.
        if (read.IsCanceled)
        {
            return Reject(context, Closed(socketRemote), started);
        }

        return parsed.IsInvalid
            ? Reject(context, Rejected(socketRemote, parsed.Error, parsed.ErrorOffset), started)
            : WaitThenContinueAsync(context, socketRemote, socketLocal, started);
    }

    private async Task WaitThenContinueAsync(ConnectionContext context, EndPoint? socketRemote, EndPoint? socketLocal, long started)
    {
        // The wait ends at HeaderTimeout, on shutdown, or when the connection is closed: HeaderWaits settles its
        // outcome and cancels the pending read; the input ending or failing ends it as well.
        var input = context.Transport.Input;
        var wait = _waits.Begin(context);
        ProxyHeader? header = null;
        string? reason = null;
        try
        {
            while (header is null && reason is null)
            {
                var read = await input.ReadAsync().ConfigureAwait(false);
                if (read.IsCanceled)
                {
                    input.AdvanceTo(read.Buffer.Start);
                    wait.TrySettle(HeaderWaitOutcome.ConnectionClosed); // a cancellation from elsewhere ends the read too
                    reason = Ended(wait.Outcome, socketRemote);
                }
                else
                {
                    var parsed = ProxyProtocolReader.Parse(input, read, out var complete, _parserOptions);
                    if (parsed.IsComplete)
                    {
                        // Losing this race means the wait was ended first (deadline or close request): the connection is closed.
                        header = wait.TrySettle(HeaderWaitOutcome.Read) ? complete : null;
                        reason = header is null ? Ended(wait.Outcome, socketRemote) : null;
                    }
                    else if (parsed.IsInvalid)
                    {
                        input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                        reason = Rejected(socketRemote, parsed.Error, parsed.ErrorOffset);
                    }
                }
            }
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            reason = Closed(socketRemote);
        }
        finally
        {
            wait.TrySettle(HeaderWaitOutcome.ConnectionClosed); // whatever ended the read, no later tick may cancel a read
            _waits.End(wait);
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

    /// <summary>Logs a read ended by the connection going away (reset or aborted by the peer or the transport, or the
    /// read cancelled by another component) and names its reason.</summary>
    private string Closed(EndPoint? peer)
    {
        Log.HeaderReadEnded(_logger, peer, ErrorNames.ConnectionClosed);
        return ErrorNames.ConnectionClosed;
    }

    /// <summary>Logs a wait ended from outside and names its reason.</summary>
    private string Ended(HeaderWaitOutcome outcome, EndPoint? peer)
    {
        if (outcome == HeaderWaitOutcome.Timeout)
        {
            // Reported as the reader reports its own timeout.
            return Rejected(peer, ProxyError.Timeout, -1);
        }

        var reason = outcome == HeaderWaitOutcome.Shutdown ? ErrorNames.Shutdown : ErrorNames.ConnectionClosed;
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

    /// <summary>Warning within the flood budget (first reporting how many were demoted since the last one), else Debug.</summary>
    private LogLevel WarningOrDebug()
    {
        if (!_throttle.TryAcquire(out var demoted))
        {
            return LogLevel.Debug;
        }

        if (demoted > 0)
        {
            Log.WarningsDemoted(_logger, demoted, WarningBudget, WarningWindow);
        }

        return LogLevel.Warning;
    }
}
