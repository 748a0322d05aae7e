using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace ProxyProtocol.Tool.Tests;

/// <summary>The relay's accept loop under a real shortage of file descriptors (a separate process with a lowered limit).</summary>
public sealed class RelayAcceptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task Relay_keeps_accepting_after_running_out_of_file_descriptors()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "lowers the limit of open files with Linux's prlimit");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var upstream = Ports.Listen(IPAddress.Loopback);
        var serving = ServeAsync(upstream, cts.Token);
        await using var relay = await RelayProcess.StartAsync("--upstream", upstream.LocalEndPoint!.ToString()!, "--accept-proxy", "--header-timeout", "60");
        try
        {
            // One whole connection first, so that everything the relay loads is loaded before files run out.
            Assert.Equal("hello 198.51.100.1", await AskAsync(relay.EndPoint, 1, cts.Token));

            // Clients that send no header hold a descriptor each until their header timeout: enough of them exhaust a limit
            // of what is open now plus 20.
            var open = relay.OpenFiles;
            relay.LimitOpenFiles(open + 20);
            output.WriteLine($"{open} files open; limit {open + 20}");
            var idle = new List<Socket>();
            try
            {
                Func<string, bool> failedToAccept = l => l.Contains("cannot accept a client", StringComparison.Ordinal);
                while (!relay.Log.Text.Split('\n').Any(failedToAccept))
                {
                    Assert.True(idle.Count < 200, $"no accept failed with {idle.Count} clients; {relay.OpenFiles} files open");
                    idle.Add(await RawTcp.ConnectAsync(relay.EndPoint, cts.Token));
                    await Task.Delay(10, cts.Token);
                }

                var failed = await relay.Log.WaitForLineAsync(failedToAccept, Limit);
                Assert.Contains("(TooManyOpenSockets); still listening", failed, StringComparison.Ordinal);
            }
            finally
            {
                idle.ForEach(s => s.Dispose());
            }

            // Once descriptors are free again, the next client is taken and relayed. (Linux fails an accept for want of
            // descriptors before it looks for a client, so no client need have waited in the backlog.)
            Assert.Equal("hello 198.51.100.2", await AskAsync(relay.EndPoint, 2, cts.Token));
            var recovered = await relay.Log.WaitForLineAsync(l => l.Contains("accepting clients again after", StringComparison.Ordinal), Limit);
            Assert.Matches(@"accepting clients again after \d+ failed attempts? \(the first [0-9.]+ s ago\)$", recovered);
            Assert.False(relay.HasExited);
            Assert.DoesNotContain("cannot listen", relay.Log.Text, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(relay.Log.Text);
        }

        await cts.CancelAsync();
        await serving;
    }

    [Theory]
    [InlineData(SocketError.TooManyOpenSockets, true)]     // EMFILE, ENFILE: descriptors free up as connections end
    [InlineData(SocketError.NoBufferSpaceAvailable, true)] // ENOBUFS, ENOMEM
    [InlineData(SocketError.ConnectionAborted, true)]      // one client gave up before it was accepted
    [InlineData(SocketError.HostUnreachable, true)]        // an error of one client's network, passed on by accept()
    [InlineData(SocketError.InvalidArgument, false)]       // the socket is not listening: retrying cannot help
    [InlineData(SocketError.OperationAborted, false)]      // the listener was closed
    public void Relay_retries_an_accept_only_when_its_failure_can_pass(SocketError error, bool retried) =>
        Assert.Equal(retried, Relay.RelayServer.IsPassing(error));

    // A client behind a balancer: its own v1 header claiming 198.51.100.n, then a request; returns the whole reply.
    private static async Task<string> AskAsync(IPEndPoint relay, int n, CancellationToken cancellationToken)
    {
        using var client = await RawTcp.ConnectAsync(relay, cancellationToken);
        await client.SendAsync(Encoding.ASCII.GetBytes($"PROXY TCP4 198.51.100.{n} 203.0.113.10 40000 443\r\nhi"), SocketFlags.None, cancellationToken);
        return Encoding.ASCII.GetString(await RawTcp.ReadToEndAsync(client, cancellationToken));
    }

    // Upstream: reads the relay's header and answers "hello <the client it names>", then closes.
    private static async Task ServeAsync(Socket listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptAsync(cancellationToken);
                var header = await ProxyProtocolReader.ReadAsync(socket, cancellationToken: cancellationToken);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"hello {header.Source!.Address}"), SocketFlags.None, cancellationToken);
                socket.Shutdown(SocketShutdown.Both);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The test ended (or failed and closed the listener).
        }
    }
}
