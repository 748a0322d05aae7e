using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Tool.Tests;

/// <summary>An in-process TCP server for probe tests: each connection goes to a handler; counts connections open at once.</summary>
internal sealed class ProbeTarget : IAsyncDisposable
{
    private readonly Socket _listener = Ports.Listen(IPAddress.Loopback);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _accepting;
    private int _open;
    private int _maxOpen;
    private int _accepted;

    private readonly int _acceptLimit;

    private ProbeTarget(Func<ProbeTarget, Socket, CancellationToken, Task> handle, int acceptLimit = int.MaxValue)
    {
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _acceptLimit = acceptLimit;
        _accepting = AcceptAsync(handle);
    }

    internal string Address { get; }

    internal int MaxOpen => Volatile.Read(ref _maxOpen);

    /// <summary>Connections open now (the server closes its side once the client has closed).</summary>
    internal int Open => Volatile.Read(ref _open);

    internal ConcurrentQueue<byte[]> DataAfterHeaders { get; } = new();

    /// <summary>
    /// The library's reader (header timeout 1 s unless given), then "client=ADDRESS" and a close: what the spec requires.
    /// After <paramref name="acceptLimit"/> connections it stops listening, so the next ones are refused.
    /// </summary>
    internal static ProbeTarget StrictServer(double headerTimeoutSeconds = 1, int acceptLimit = int.MaxValue) =>
        new((target, socket, ct) => ServeStrictlyAsync(target, socket, TimeSpan.FromSeconds(headerTimeoutSeconds), ct), acceptLimit);

    /// <summary>Answers every connection at once, header or not: accepts everything.</summary>
    internal static ProbeTarget LaxServer() => new(async (_, socket, ct) =>
    {
        await socket.SendAsync("HTTP/1.1 200 OK\r\n\r\nhello"u8.ToArray(), SocketFlags.None, ct);
        socket.Shutdown(SocketShutdown.Send);
        await DrainAsync(socket, ct);
    });

    /// <summary>Answers every connection at once and keeps it open, as an HTTP server with keep-alive does.</summary>
    internal static ProbeTarget AnswerAndHoldServer() => new(async (_, socket, ct) =>
    {
        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), SocketFlags.None, ct);
        await DrainAsync(socket, ct);
    });

    /// <summary>Answers once it has received <paramref name="count"/> bytes, however slowly they came.</summary>
    internal static ProbeTarget AnswerAfterServer(int count) => new(async (_, socket, ct) =>
    {
        var buffer = new byte[4096];
        for (var received = 0; received < count;)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
            {
                return;
            }

            received += read;
        }

        await socket.SendAsync("OK"u8.ToArray(), SocketFlags.None, ct);
        socket.Shutdown(SocketShutdown.Send);
        await DrainAsync(socket, ct);
    });

    /// <summary>Reads everything and never answers or closes: the connection ends when the client gives up.</summary>
    internal static ProbeTarget SilentServer() => new((_, socket, ct) => DrainAsync(socket, ct));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Task.WhenAll(_connections).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private static async Task ServeStrictlyAsync(ProbeTarget target, Socket socket, TimeSpan headerTimeout, CancellationToken ct)
    {
        try
        {
            var header = await ProxyProtocolReader.ReadAsync(socket, new ProxyParserOptions { HeaderTimeout = headerTimeout }, ct);
            var data = new byte[4096];
            var read = await socket.ReceiveAsync(data, SocketFlags.None, ct);
            target.DataAfterHeaders.Enqueue(data[..read]);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n\r\nclient={header.Source?.Address}"), SocketFlags.None, ct);
            socket.Shutdown(SocketShutdown.Send);
            await DrainAsync(socket, ct);
        }
        catch (ProxyProtocolException)
        {
        }
    }

    private static async Task DrainAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
        {
        }
    }

    private async Task AcceptAsync(Func<ProbeTarget, Socket, CancellationToken, Task> handle)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (++_accepted == _acceptLimit)
            {
                _listener.Dispose(); // the next connection is refused
            }

            _connections.Add(Task.Run(async () =>
            {
                var open = Interlocked.Increment(ref _open);
                int max;
                while (open > (max = Volatile.Read(ref _maxOpen)) && Interlocked.CompareExchange(ref _maxOpen, open, max) != max)
                {
                }

                try
                {
                    await handle(this, socket, _stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException)
                {
                }
                finally
                {
                    Interlocked.Decrement(ref _open);
                    socket.Dispose();
                }
            }));
        }
    }
}
