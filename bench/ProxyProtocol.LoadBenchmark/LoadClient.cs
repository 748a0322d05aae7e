using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>
/// The load generator: raw sockets over loopback, the PROXY header written by the client itself (no proxy in
/// between), one request per connection (server closes) or back-to-back requests on kept-alive connections.
/// </summary>
internal static class LoadClient
{
    private static ReadOnlySpan<byte> Status200 => "HTTP/1.1 200 "u8;

    private static ReadOnlySpan<byte> ContentLength => "Content-Length: "u8;

    public static async Task<RunResult> RunAsync(Workload workload, Variant variant, IPEndPoint server, int concurrency, TimeSpan duration, int maxRequests)
    {
        var perWorkerCap = Math.Max(1, maxRequests / concurrency);
        var workers = new Worker[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var header = Headers.For(variant, w);
            workers[w] = new Worker(header, perWorkerCap);
        }

        // Hard stop for I/O that hangs; the normal end is the deadline checked between requests.
        using var abort = new CancellationTokenSource(duration + TimeSpan.FromSeconds(10));
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var tasks = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = workers[w];
            tasks[w] = workload == Workload.NewConnection
                ? Task.Run(() => worker.NewConnectionsAsync(server, deadline, abort.Token))
                : Task.Run(() => worker.KeepAliveAsync(server, deadline, abort.Token));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return RunResult.From(workers, elapsed);
    }

    /// <summary>One request on a new connection, for checks: returns the body.</summary>
    public static async Task<string> GetOnceAsync(IPEndPoint server, byte[] header, string path, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(Headers.Concat(header, request), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[8192];
        var n = await ReadToEndAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
        var text = Encoding.ASCII.GetString(buffer, 0, n);
        var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!text.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) || body < 0)
        {
            throw new InvalidOperationException($"unexpected response to {path}: {text}");
        }

        return text[(body + 4)..];
    }

    private static async ValueTask<int> ReadToEndAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return total;
            }

            total += n;
            if (total == buffer.Length)
            {
                throw new InvalidOperationException("response too large");
            }
        }
    }

    /// <summary>Reads one framed response (Content-Length) on a kept-alive connection.</summary>
    private static async ValueTask<bool> ReadResponseAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        var needed = -1;
        while (needed < 0 || total < needed)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return false;
            }

            total += n;
            if (needed < 0)
            {
                needed = FramedLength(buffer.AsSpan(0, total));
            }
        }

        return total == needed && buffer.AsSpan().StartsWith(Status200);
    }

    // Header length + Content-Length, or -1 while the header is incomplete.
    private static int FramedLength(ReadOnlySpan<byte> response)
    {
        var end = response.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return -1;
        }

        var at = response.Slice(0, end).IndexOf(ContentLength);
        var length = 0;
        for (var i = at + ContentLength.Length; at >= 0 && i < end && response[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            length = (length * 10) + (response[i] - '0');
        }

        return end + 4 + length;
    }

    internal sealed class Worker(byte[] header, int cap)
    {
        private readonly byte[] _firstSend = Headers.Concat(header, Headers.KeepAliveRequest);
        private readonly byte[] _closeSend = Headers.Concat(header, Headers.CloseRequest);
        private readonly byte[] _buffer = new byte[4096];

        public long[] Latencies { get; } = new long[cap];

        public int Requests { get; private set; }

        public int Connections { get; private set; }

        public int Errors { get; private set; }

        public string? FirstError { get; private set; }

        public async Task NewConnectionsAsync(IPEndPoint server, long deadline, CancellationToken cancellationToken)
        {
            while (Requests < Latencies.Length && Stopwatch.GetTimestamp() < deadline)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                    await socket.SendAsync(_closeSend, SocketFlags.None, cancellationToken).ConfigureAwait(false);

                    // The server closes after the response (Connection: close), so TIME_WAIT stays on its side.
                    var n = await ReadToEndAsync(socket, _buffer, cancellationToken).ConfigureAwait(false);
                    if (!_buffer.AsSpan(0, n).StartsWith(Status200) || FramedLength(_buffer.AsSpan(0, n)) != n)
                    {
                        Fail("bad response: " + Encoding.ASCII.GetString(_buffer, 0, Math.Min(n, 200)));
                        continue;
                    }
                }
                catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or InvalidOperationException)
                {
                    Fail(ex.Message);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    continue;
                }

                Latencies[Requests++] = Stopwatch.GetTimestamp() - t0;
                Connections++;
            }
        }

        public async Task KeepAliveAsync(IPEndPoint server, long deadline, CancellationToken cancellationToken)
        {
            try
            {
                using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
                Connections++;
                var send = _firstSend; // the PROXY header goes with the first request only
                while (Requests < Latencies.Length && Stopwatch.GetTimestamp() < deadline)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await socket.SendAsync(send, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    send = Headers.KeepAliveRequest;
                    if (!await ReadResponseAsync(socket, _buffer, cancellationToken).ConfigureAwait(false))
                    {
                        Fail("bad or missing response");
                        return;
                    }

                    Latencies[Requests++] = Stopwatch.GetTimestamp() - t0;
                }
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException)
            {
                Fail(ex.Message);
            }
        }

        private void Fail(string message)
        {
            Errors++;
            FirstError ??= message;
        }
    }
}
