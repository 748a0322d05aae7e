using System.Net;
using System.Net.Sockets;

namespace ProxyProtocol.Tests.Harness;

/// <summary>A connected TCP pair on 127.0.0.1; both ends are closed on dispose.</summary>
internal sealed class Loopback : IDisposable
{
    private Loopback(Socket client, Socket server)
    {
        Client = client;
        Server = server;
    }

    internal Socket Client { get; }

    internal Socket Server { get; }

    internal static async Task<Loopback> ConnectAsync()
    {
        using var listener = Ports.Listen(IPAddress.Loopback, backlog: 1);
        var accept = listener.AcceptAsync();
        var client = await RawTcp.ConnectAsync(listener.LocalEndPoint!);
        return new Loopback(client, await accept.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Sends the bytes in pieces cut at <paramref name="cuts"/>, pausing briefly between pieces so they tend to arrive apart.</summary>
    internal async Task SendInPiecesAsync(byte[] bytes, IEnumerable<int> cuts, bool close)
    {
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < bytes.Length).Append(bytes.Length).Distinct().Order())
        {
            await Client.SendAsync(bytes.AsMemory(start, cut - start));
            start = cut;
            if (cut < bytes.Length)
            {
                await Task.Delay(1);
            }
        }

        if (close)
        {
            Client.Shutdown(SocketShutdown.Send);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
