using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tool.Tests;

public sealed class TcpConnectTests
{
    [Fact]
    public async Task TcpConnect_returns_a_connected_socket_without_nagle_when_the_server_listens()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var socket = await TcpConnect.ConnectAsync(listener.LocalEndPoint!, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(socket.Connected);
        Assert.True(socket.NoDelay);
        Assert.Equal(listener.LocalEndPoint, socket.RemoteEndPoint);
    }

    [Fact]
    public async Task TcpConnect_connects_by_name_when_given_a_dns_endpoint()
    {
        using var listener = Ports.Listen(IPAddress.Loopback);
        using var socket = await TcpConnect.ConnectAsync(new DnsEndPoint("localhost", ((IPEndPoint)listener.LocalEndPoint!).Port), TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task TcpConnect_throws_the_socket_error_when_the_connection_is_refused()
    {
        var ex = await Assert.ThrowsAsync<SocketException>(() => TcpConnect.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Ports.Free(IPAddress.Loopback).Port), TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.Equal(SocketError.ConnectionRefused, ex.SocketErrorCode);
    }

    [Fact]
    public async Task TcpConnect_throws_a_timeout_when_the_server_does_not_answer_in_time()
    {
        // A listener whose accept queue is full drops the next SYN: the connection neither completes nor fails.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var queued = new List<Socket>();
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    queued.Add(await TcpConnect.ConnectAsync(listener.LocalEndPoint!, TimeSpan.FromSeconds(0.3), CancellationToken.None));
                }
                catch (TimeoutException)
                {
                    break;
                }

                Assert.True(queued.Count < 16, "the accept queue never filled");
            }

            Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 10);
        }
        finally
        {
            queued.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task TcpConnect_throws_cancellation_not_a_timeout_when_the_caller_cancels()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var listener = Ports.Listen(IPAddress.Loopback);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TcpConnect.ConnectAsync(listener.LocalEndPoint!, TimeSpan.FromSeconds(5), cancelled.Token));
    }
}
