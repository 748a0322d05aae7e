using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProxyProtocol.Writers.Tests;

public sealed class ConnectCallbackTests
{
    [Fact]
    public async Task Each_new_connection_starts_with_the_factory_header_and_requests_work()
    {
        await using var server = new HeaderEchoServer();
        var seen = new ConcurrentQueue<string>();
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = ProxyProtocolWriter.CreateConnectCallback(context =>
            {
                seen.Enqueue(context.InitialRequestMessage.RequestUri!.AbsolutePath);
                return new ProxyHeaderBuilder()
                    .Proxy(IPEndPoint.Parse("203.0.113.9:41000"), new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port))
                    .AddCrc32C()
                    .Build();
            }),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal("203.0.113.9:41000", await client.GetStringAsync(server.Url("/a")));
        Assert.Equal("203.0.113.9:41000", await client.GetStringAsync(server.Url("/b")));

        // Pooled: the second request reused the connection, so one header was sent for both requests.
        Assert.Equal(1, server.Connections);
        Assert.Equal(["/a"], seen.ToArray());
    }

    [Fact]
    public async Task Zero_pooled_connection_lifetime_gives_every_request_its_own_connection_and_header()
    {
        await using var server = new HeaderEchoServer();
        var next = 0;
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = ProxyProtocolWriter.CreateConnectCallback(_ =>
            {
                var port = 50000 + Interlocked.Increment(ref next);
                return new ProxyHeaderBuilder(ProxyVersion.V1)
                    .Proxy(new IPEndPoint(IPAddress.Parse("198.51.100.20"), port), new IPEndPoint(IPAddress.Loopback, 80))
                    .Build();
            }),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal("198.51.100.20:50001", await client.GetStringAsync(server.Url("/1")));
        Assert.Equal("198.51.100.20:50002", await client.GetStringAsync(server.Url("/2")));
        Assert.Equal(2, server.Connections);
    }

    /// <summary>A minimal HTTP/1.1 server that requires a PROXY header and answers each request with its source.</summary>
    private sealed class HeaderEchoServer : IAsyncDisposable
    {
        private readonly Socket _listener = Ports.Listen(IPAddress.Loopback);
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
        private readonly Task _loop;
        private int _connections;

        public HeaderEchoServer() => _loop = AcceptLoopAsync();

        public int Connections => Volatile.Read(ref _connections);

        public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}{path}");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Dispose();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task AcceptLoopAsync()
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync(_stop.Token);
                    Interlocked.Increment(ref _connections);
                    connections.Add(ServeAsync(socket));
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            await Task.WhenAll(connections);
        }

        private async Task ServeAsync(Socket socket)
        {
            using var _ = socket;
            try
            {
                var result = await ProxyProtocolReader.ReadAsync(new NetworkStream(socket, ownsSocket: false), cancellationToken: _stop.Token);
                await using var stream = result.Stream;
                using var reader = new StreamReader(stream, Encoding.ASCII);
                var body = Encoding.ASCII.GetBytes(result.Header.Source?.ToString() ?? "-");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token) ?? string.Empty))
                    {
                    }

                    var response = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n");
                    await stream.WriteAsync(response, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ProxyProtocolException)
            {
            }
        }
    }
}
