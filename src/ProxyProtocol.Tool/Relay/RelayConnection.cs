using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;

namespace ProxyProtocol.Tool.Relay;

/// <summary>
/// One relayed client: optionally reads the client's own PROXY header, opens the upstream connection, sends a header
/// describing the client, then copies both ways. Each direction ends with a half-close (FIN) of the other side, so
/// request/response protocols that shut down writing still get their answer. Logs one line when done.
/// </summary>
internal sealed class RelayConnection(long id, Socket client, RelaySettings settings, RelayLog log)
{
    private long _up;
    private long _down;

    public async Task RunAsync(CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        var peer = EndpointText.Format(client.RemoteEndPoint);
        string? described = null;
        string outcome = "closed";
        var stage = "starting";
        Socket? upstream = null;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stop);
        try
        {
            client.NoDelay = true;
            var source = (IPEndPoint)client.RemoteEndPoint!;
            var destination = (IPEndPoint)client.LocalEndPoint!;
            if (settings.AcceptProxy is { } parserOptions)
            {
                stage = "reading the client's PROXY header";
                var incoming = await ProxyProtocolReader.ReadAsync(client, parserOptions, abort.Token).ConfigureAwait(false);
                if (incoming.HasIPEndPoints)
                {
                    source = incoming.Source!;
                    destination = incoming.Destination!;
                }

                described = $"received {incoming}; ";
            }

            var header = settings.Header.Build(source, destination);
            described += $"sent {header}";
            stage = $"connecting to {EndpointText.Format(settings.Upstream)}";
            upstream = await ConnectAsync(abort.Token).ConfigureAwait(false);
            stage = "sending the header";
            await ProxyProtocolWriter.WriteAsync(upstream, header, abort.Token).ConfigureAwait(false);

            var toUpstream = PumpAsync(client, upstream, up: true, abort);
            var toClient = PumpAsync(upstream, client, up: false, abort);
            stage = "relaying";
            try
            {
                await Task.WhenAll(toUpstream, toClient).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // One direction failed and cancelled the other: report the failure, not the cancellation.
                var failure = new[] { toUpstream, toClient }.Select(t => t.Exception?.InnerException).OfType<SocketException>().FirstOrDefault();
                if (failure is not null)
                {
                    ExceptionDispatchInfo.Throw(failure);
                }

                throw;
            }
        }
        catch (ProxyProtocolException ex)
        {
            outcome = $"rejected: the client's PROXY header is invalid ({ex.Error})";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            outcome = "aborted: relay stopping";
        }
        catch (OperationCanceledException)
        {
            outcome = $"failed: timed out while {stage}";
        }
        catch (SocketException ex)
        {
            outcome = $"failed while {stage}: {ex.SocketErrorCode}";
        }
        finally
        {
            upstream?.Dispose();
            client.Dispose();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        log.Write($"#{id} {peer}: {described ?? "no header sent"}; {Interlocked.Read(ref _up)} B up, {Interlocked.Read(ref _down)} B down, {seconds} s, {outcome}");
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = settings.Upstream is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.ConnectTimeout);
            await socket.ConnectAsync(settings.Upstream, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationTokenSource abort)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, abort.Token).ConfigureAwait(false)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, abort.Token).ConfigureAwait(false);
                Interlocked.Add(ref up ? ref _up : ref _down, read);
            }

            // End of this direction: pass the FIN on and keep the other direction open.
            to.Shutdown(SocketShutdown.Send);
        }
        catch
        {
            // A reset or error on either side ends both directions.
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
