using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.Extensions.Hosting;
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
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _timeProvider;
    private readonly LogThrottle _throttle;

    public ProxyProtocolConnectionMiddleware(
        ConnectionDelegate next,
        ProxyProtocolOptions options,
        ILogger logger,
        ProxyProtocolMetrics metrics,
        IHostApplicationLifetime? lifetime,
        TimeProvider timeProvider)
    {
        _next = next;
        _options = options;
        // HeaderTimeout is armed on the linked source below, together with connection close and shutdown.
        _parserOptions = ProxyProtocolOptionsValidator.ToParserOptions(options, withTimeout: false);
        _trustedPeers = new TrustedPeers(options.TrustedNetworks);
        _logger = logger;
        _metrics = metrics;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
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
        // pipeline is returned as is, without a state machine allocated for this connection.
        var started = _timeProvider.GetTimestamp();
        var pending = ReadHeaderAsync(context, socketRemote, started);
        return pending.IsCompletedSuccessfully
            ? Continue(context, pending.Result, socketRemote, socketLocal, started)
            : ContinueAsync(context, pending, socketRemote, socketLocal, started);
    }

    private async Task ContinueAsync(ConnectionContext context, ValueTask<ProxyHeader?> pending, EndPoint? socketRemote, EndPoint? socketLocal, long started)
    {
        var header = await pending.ConfigureAwait(false);
        await Continue(context, header, socketRemote, socketLocal, started).ConfigureAwait(false);
    }

    private Task Continue(ConnectionContext context, ProxyHeader? header, EndPoint? socketRemote, EndPoint? socketLocal, long started)
    {
        if (header is null)
        {
            context.Abort(new ConnectionAbortedException("No valid PROXY protocol header."));
            return Task.CompletedTask;
        }

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

    private async ValueTask<ProxyHeader?> ReadHeaderAsync(ConnectionContext context, EndPoint? peer, long started)
    {
        // A wait ends at HeaderTimeout, when the connection goes away, or when the server stops (graceful shutdown
        // asks connections to close through the lifetime notification feature).
        var closeRequested = context.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        var input = context.Transport.Input;
        CancellationTokenSource? linked = null;
        string reason;
        try
        {
            // Usually the header is already buffered and the reader decides at once: then linking the three tokens
            // (about 400 bytes per connection) is skipped. Otherwise the read waits on all of them.
            if (!context.ConnectionClosed.IsCancellationRequested && !closeRequested.IsCancellationRequested && !_stopping.IsCancellationRequested
                && ProxyProtocolReader.TryRead(input, out var buffered, _parserOptions))
            {
                return buffered;
            }

            // One source carries HeaderTimeout too, so the reader needs no timeout source of its own.
            linked = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed, closeRequested, _stopping);
            linked.CancelAfter(_options.HeaderTimeout);
            return await ProxyProtocolReader.ReadAsync(input, _parserOptions, linked.Token).ConfigureAwait(false);
        }
        catch (ProxyProtocolException ex)
        {
            reason = Rejected(peer, ex.Error, ex.Offset);
        }
        catch (OperationCanceledException) when (linked is not null && linked.IsCancellationRequested
            && !context.ConnectionClosed.IsCancellationRequested && !closeRequested.IsCancellationRequested && !_stopping.IsCancellationRequested)
        {
            // Only the timer fired: HeaderTimeout passed, reported as the reader reports its own timeout.
            reason = Rejected(peer, ProxyError.Timeout, -1);
        }
        catch (OperationCanceledException) when (linked?.IsCancellationRequested == true)
        {
            reason = closeRequested.IsCancellationRequested || _stopping.IsCancellationRequested ? ErrorNames.Shutdown : ErrorNames.ConnectionClosed;
            Log.HeaderReadEnded(_logger, peer, reason);
        }
        catch (Exception ex) when (ex is IOException or ConnectionAbortedException or ObjectDisposedException)
        {
            // Reset or aborted by the peer or the transport mid-header.
            reason = ErrorNames.ConnectionClosed;
            Log.HeaderReadEnded(_logger, peer, reason);
        }

        finally
        {
            linked?.Dispose();
        }

        _metrics.Rejected(reason, _timeProvider.GetElapsedTime(started));
        return null;
    }

    private string Rejected(EndPoint? peer, ProxyError error, int offset)
    {
        var reason = ErrorNames.Get(error);

        // A peer that connects and closes without sending a byte (a TCP health check, a port scan) is routine.
        var level = error == ProxyError.Truncated && offset == 0 ? LogLevel.Debug : WarningOrDebug();
        var description = error.GetDescription();
        Log.HeaderRejected(_logger, level, peer, reason, description);
        return reason;
    }

    /// <summary>
    /// Whether the bytes already buffered decide the header (complete, invalid, or the input ended), so the reader
    /// returns without waiting. Consumes and examines nothing; a pending-read cancellation it observes is re-armed.
    /// </summary>
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
