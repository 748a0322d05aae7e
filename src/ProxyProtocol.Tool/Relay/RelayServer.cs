using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Relay;

/// <summary>
/// Accepts clients and relays each one over its own upstream connection. At most
/// <see cref="RelaySettings.MaxConnections"/> are relayed at once: beyond that, new clients wait in the listen backlog.
/// An accept that fails for want of resources (too many open files, no buffer space) or because of one client's
/// connection is retried with a growing pause, logged once per run of failures; any other accept failure stops the
/// relay. Cancelling stops accepting and aborts the connections still open.
/// </summary>
internal sealed class RelayServer(RelaySettings settings, RelayLog log)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <returns>Null after a clean stop; otherwise why accepting failed for good.</returns>
    /// <exception cref="SocketException">The relay cannot listen on <see cref="RelaySettings.Listen"/>.</exception>
    public async Task<string?> RunAsync(CancellationToken stop)
    {
        using var listener = new Socket(settings.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(settings.Listen);
        listener.Listen(512);
        log.Write(
            $"listening on {EndpointText.Format(listener.LocalEndPoint)}, relaying to {EndpointText.Format(settings.Upstream)} " +
            $"with v{(int)settings.Header.Version} headers{(settings.AcceptProxy is null ? string.Empty : ", accepting PROXY headers from clients")}, " +
            $"at most {settings.MaxConnections} connections, {(settings.IdleTimeout is { } idle ? $"closing links idle for {Seconds(idle)} s" : "no idle timeout")}");

        using var slots = new SemaphoreSlim(settings.MaxConnections);
        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var active = new HashSet<Task>();
        long count = 0;
        string? failure = null;
        try
        {
            while (true)
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                var client = await AcceptAsync(listener, stop).ConfigureAwait(false);
                if (client.Failure is { } error)
                {
                    slots.Release();
                    failure = error;
                    break;
                }

                var task = RunOneAsync(new RelayConnection(++count, client.Socket!, settings, log), slots, shutdown.Token);
                lock (active)
                {
                    active.Add(task);
                }

                _ = task.ContinueWith(
                    t =>
                    {
                        lock (active)
                        {
                            active.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        listener.Close();
        if (failure is not null)
        {
            log.Write(failure);
            await shutdown.CancelAsync().ConfigureAwait(false);
        }

        Task[] remaining;
        lock (active)
        {
            remaining = [.. active];
        }

        log.Write($"stopping: closing {remaining.Length} open connection(s)");
        await Task.WhenAll(remaining).ConfigureAwait(false);
        log.Write($"stopped after {count} connection(s)");
        return failure;
    }

    /// <summary>
    /// Accepts one client, pausing and retrying while accepts fail for a passing reason. Linux reports a lack of
    /// descriptors before it looks for a client, so a retry may wait for the next one to arrive.
    /// </summary>
    /// <returns>The client, or why accepting failed for good.</returns>
    private async Task<(Socket? Socket, string? Failure)> AcceptAsync(Socket listener, CancellationToken stop)
    {
        var failures = 0;
        var started = 0L;
        var pause = TimeSpan.Zero;
        SocketError? last = null;
        while (true)
        {
            try
            {
                var client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                if (failures > 0)
                {
                    log.Write($"accepting clients again after {failures} failed {(failures == 1 ? "attempt" : "attempts")} (the first {Seconds(Stopwatch.GetElapsedTime(started))} s ago)");
                }

                return (client, null);
            }
            catch (SocketException ex) when (IsPassing(ex.SocketErrorCode))
            {
                if (failures++ == 0)
                {
                    started = Stopwatch.GetTimestamp();
                }

                // One line for a run of failures (and for each change of reason), not one a retry.
                if (ex.SocketErrorCode != last)
                {
                    log.Write($"cannot accept a client: {ex.Message} ({ex.SocketErrorCode}); still listening, retrying with pauses of up to {Seconds(LongestPause)} s");
                    last = ex.SocketErrorCode;
                }

                pause = pause == TimeSpan.Zero ? FirstPause : TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
                await Task.Delay(pause, stop).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                return (null, $"cannot accept clients on {EndpointText.Format(listener.LocalEndPoint)}: {ex.Message} ({ex.SocketErrorCode}); stopping");
            }
        }
    }

    /// <summary>
    /// Accept failures that pass: the process or system is out of descriptors or buffers for now, or the failure is
    /// one client's (its connection was aborted, or an error its network reported), which Linux's accept() passes on.
    /// </summary>
    internal static bool IsPassing(SocketError error) => error is
        SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable or SocketError.ConnectionAborted or SocketError.ConnectionReset
        or SocketError.NetworkDown or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.HostUnreachable
        or SocketError.ProtocolOption or SocketError.OperationNotSupported or SocketError.AccessDenied or SocketError.Interrupted;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static async Task RunOneAsync(RelayConnection connection, SemaphoreSlim slots, CancellationToken stop)
    {
        try
        {
            await connection.RunAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
