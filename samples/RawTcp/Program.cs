// A line protocol over raw TCP behind a PROXY-speaking balancer, with no ASP.NET Core: each connection starts with a
// PROXY header read by ProxyProtocolReader.ReadAsync(Socket), which peeks so not one byte of the protocol is lost.
// Usage: dotnet run --project samples/RawTcp [-- 127.0.0.1:9000]
using System.Net;
using System.Net.Sockets;
using RawTcp;

var endpoint = IPEndPoint.Parse(args.Length > 0 ? args[0] : "127.0.0.1:9000");
using var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
listener.Bind(endpoint);
listener.Listen(128);
Console.WriteLine($"RawTcp listening on {listener.LocalEndPoint} (PROXY header required). Commands: WHOAMI, ECHO <text>, QUIT.");

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var server = new LineServer();
try
{
    while (true)
    {
        var client = await listener.AcceptAsync(stop.Token);
        _ = server.HandleAsync(client, stop.Token);
    }
}
catch (OperationCanceledException)
{
    Console.WriteLine("Stopped.");
}
