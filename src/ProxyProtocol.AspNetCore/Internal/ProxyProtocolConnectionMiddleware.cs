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
        _parserOptions = ProxyProtocolOptionsValidator.ToParserOptions(options);
        _trustedPeers = new TrustedPeers(options.TrustedNetworks);
        _logger = logger;
        _metrics = metrics;
        _stopping = lifetime?.ApplicationStopping ?? CancellationToken.None;
        _timeProvider = timeProvider;
        _throttle = new LogThrottle(timeProvider, WarningBudget, WarningWindow);
    }

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var socketRemote = context.RemoteEndPoint;
        var socketLocal = context.LocalEndPoint;
        if (!_trustedPeers.IsTrusted(socketRemote))
        {
            _metrics.UntrustedPeer(_options.UntrustedPeerPolicy);
            if (_options.UntrustedPeerPolicy == UntrustedPeerPolicy.Skip)
            {
                Log.UntrustedPeerSkipped(_logger, socketRemote);
                await _next(context).ConfigureAwait(false);
                return;
            }

            var level = WarningOrDebug();
            Log.UntrustedPeerRejected(_logger, level, socketRemote);
            context.Abort(new ConnectionAbortedException("The peer is not a trusted PROXY protocol sender."));
            return;
        }

        var started = _timeProvider.GetTimestamp();
        var header = await ReadHeaderAsync(context, socketRemote, started).ConfigureAwait(false);
        if (header is null)
        {
            context.Abort(new ConnectionAbortedException("No valid PROXY protocol header."));
            return;
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
        await _next(context).ConfigureAwait(false);
    }

    private async Task<ProxyHeader?> ReadHeaderAsync(ConnectionContext context, EndPoint? peer, long started)
    {
        // The core reader adds HeaderTimeout; these end the read early when the connection goes away or the server
        // stops (graceful shutdown asks connections to close through the lifetime notification feature).
        var closeRequested = context.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested ?? CancellationToken.None;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.ConnectionClosed, closeRequested, _stopping);
        string reason;
        try
        {
            return await ProxyProtocolReader.ReadAsync(context.Transport.Input, _parserOptions, linked.Token).ConfigureAwait(false);
        }
        catch (ProxyProtocolException ex)
        {
            reason = ErrorNames.Get(ex.Error);

            // A peer that connects and closes without sending a byte (a TCP health check, a port scan) is routine.
            var level = ex.Error == ProxyError.Truncated && ex.Offset == 0 ? LogLevel.Debug : WarningOrDebug();
            var description = ex.Error.GetDescription();
            Log.HeaderRejected(_logger, level, peer, reason, description);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
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

        _metrics.Rejected(reason, _timeProvider.GetElapsedTime(started));
        return null;
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
