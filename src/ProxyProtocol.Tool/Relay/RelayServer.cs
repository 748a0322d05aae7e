using System.Net.Sockets;

namespace ProxyProtocol.Tool.Relay;

/// <summary>
/// Accepts clients and relays each one over its own upstream connection. At most
/// <see cref="RelaySettings.MaxConnections"/> are relayed at once: beyond that, new clients wait in the listen backlog.
/// Cancelling stops accepting and aborts the connections still open.
/// </summary>
internal sealed class RelayServer(RelaySettings settings, RelayLog log)
{
    public async Task RunAsync(CancellationToken stop)
    {
        using var listener = new Socket(settings.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(settings.Listen);
        listener.Listen(512);
        log.Write(
            $"listening on {EndpointText.Format(listener.LocalEndPoint)}, relaying to {EndpointText.Format(settings.Upstream)} " +
            $"with v{(int)settings.Header.Version} headers{(settings.AcceptProxy is null ? string.Empty : ", accepting PROXY headers from clients")}, " +
            $"at most {settings.MaxConnections} connections, {(settings.IdleTimeout is { } idle ? $"closing links idle for {idle.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s" : "no idle timeout")}");

        using var slots = new SemaphoreSlim(settings.MaxConnections);
        var active = new HashSet<Task>();
        long count = 0;
        try
        {
            while (true)
            {
                await slots.WaitAsync(stop).ConfigureAwait(false);
                Socket client;
                try
                {
                    client = await listener.AcceptAsync(stop).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                var connection = new RelayConnection(++count, client, settings, log);
                var task = RunOneAsync(connection, slots, stop);
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
        Task[] remaining;
        lock (active)
        {
            remaining = [.. active];
        }

        log.Write($"stopping: closing {remaining.Length} open connection(s)");
        await Task.WhenAll(remaining).ConfigureAwait(false);
        log.Write($"stopped after {count} connection(s)");
    }

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
