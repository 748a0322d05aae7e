using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ProxyProtocol.Tool.Commands;

namespace ProxyProtocol.Tool.Relay;

/// <summary>
/// One relayed client: optionally reads the client's own PROXY header, opens the upstream connection, sends a header
/// describing the client, then copies both ways. Each direction ends with a half-close (FIN) of the other side, so
/// request/response protocols that shut down writing still get their answer. Logs one line when done, saying only
/// what happened: a header is "sent" once it was written, and a failure names the side that failed.
/// </summary>
internal sealed class RelayConnection(long id, Socket client, RelaySettings settings, RelayLog log)
{
    private long _up;
    private long _down;
    private long _lastActivity;
    private string? _failure;
    private bool _idled;

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var peer = EndpointText.Format(client.RemoteEndPoint);
        string? received = null;
        string? sent = null;
        string outcome;
        Socket? upstream = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            client.NoDelay = true;
            var source = (IPEndPoint)client.RemoteEndPoint!;
            var destination = (IPEndPoint)client.LocalEndPoint!;
            ProxyHeader? incoming = null;
            if (settings.AcceptProxy is { } parserOptions)
            {
                incoming = await ProxyProtocolReader.ReadAsync(client, parserOptions, abort.Token).ConfigureAwait(false);
                if (incoming.HasIPEndPoints)
                {
                    source = incoming.Source!;
                    destination = incoming.Destination!;
                }

                received = $"received {HeaderSummary.Describe(incoming)}";
            }

            var header = settings.Header.Build(source, destination, incoming is null ? null : settings.PassTlvs.Select(incoming));
            upstream = await ConnectAsync(abort.Token).ConfigureAwait(false);
            await ProxyProtocolWriter.WriteAsync(upstream, header, abort.Token).ConfigureAwait(false);
            sent = $"sent {HeaderSummary.Describe(header)}";
            outcome = await RelayAsync(upstream, abort, stop).ConfigureAwait(false);
        }
        catch (ProxyProtocolException ex)
        {
            outcome = ex.Error switch
            {
                ProxyError.Timeout => $"rejected: no PROXY header from the client within {settings.AcceptProxy!.HeaderTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s",
                ProxyError.Truncated => "rejected: the client closed before its PROXY header was complete",
                _ => "rejected: the client's PROXY header is invalid",
            } + $" ({ex.Error.GetName()})";
        }
        catch (UsageException ex)
        {
            outcome = $"failed: cannot build the upstream header ({ex.Message})";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            outcome = "aborted: relay stopping";
        }
        catch (UpstreamException ex)
        {
            outcome = ex.Message;
        }
        catch (SocketException ex)
        {
            outcome = upstream is null ? $"failed: the client: {ex.SocketErrorCode}" : $"failed sending the header upstream: {ex.SocketErrorCode}";
        }
        finally
        {
            upstream?.Dispose();
            client.Dispose();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var what = string.Join("; ", new[] { received, sent ?? "no header sent" }.OfType<string>());
        log.Write($"#{id} {peer}: {what}; {Interlocked.Read(ref _up)} B up, {Interlocked.Read(ref _down)} B down, {seconds} s, {outcome}");
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var upstream = EndpointText.Format(settings.Upstream);
        try
        {
            return await TcpConnect.ConnectAsync(settings.Upstream, settings.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new UpstreamException($"failed: connecting to {upstream} timed out after {settings.ConnectTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new UpstreamException($"refused: {upstream} refused the connection (ConnectionRefused)");
        }
        catch (SocketException ex)
        {
            throw new UpstreamException($"failed: connecting to {upstream}: {ex.SocketErrorCode}");
        }
    }

    /// <summary>Copies both ways until both directions ended, one side failed, or the link stayed idle too long.</summary>
    private async Task<string> RelayAsync(Socket upstream, CancellationTokenSource abort, CancellationToken stop)
    {
        using var scope = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
        Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());
        var pumps = Task.WhenAll(PumpAsync(client, upstream, up: true, scope), PumpAsync(upstream, client, up: false, scope));
        var watchdog = settings.IdleTimeout is { } idle ? WatchIdleAsync(idle, scope) : Task.CompletedTask;
        try
        {
            await pumps.ConfigureAwait(false);
            return "closed";
        }
        catch (Exception) when (!stop.IsCancellationRequested && (_idled || _failure is not null))
        {
            return _idled ? $"closed: idle for {settings.IdleTimeout!.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s" : _failure!;
        }
        finally
        {
            await scope.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task WatchIdleAsync(TimeSpan idle, CancellationTokenSource scope)
    {
        while (true)
        {
            var quiet = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastActivity));
            if (quiet >= idle)
            {
                _idled = true;
                await scope.CancelAsync().ConfigureAwait(false);
                return;
            }

            await Task.Delay(idle - quiet, scope.Token).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationTokenSource scope)
    {
        var buffer = new byte[16 * 1024];
        var reading = true;
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, scope.Token).ConfigureAwait(false)) > 0)
            {
                Volatile.Write(ref _lastActivity, Stopwatch.GetTimestamp());
                reading = false;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, scope.Token).ConfigureAwait(false);
                reading = true;
                Interlocked.Add(ref up ? ref _up : ref _down, read);
            }

            // End of this direction: pass the FIN on and keep the other direction open.
            reading = false;
            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException ex)
        {
            // A reset or error on either side ends both directions; the first failure is the one reported.
            var side = (reading ? from : to) == client ? "the client" : "upstream";
            var failure = ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted
                ? $"reset by {side}"
                : $"failed: {side}: {ex.SocketErrorCode}";
            Interlocked.CompareExchange(ref _failure, failure, null);
            await scope.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A failure to reach the upstream server, already worded for the log.</summary>
    private sealed class UpstreamException(string message) : Exception(message);
}
