using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore;

namespace ProxyProtocol.LoadBenchmark;

/// <summary>
/// The server child: one Kestrel with a plain endpoint, a PROXY endpoint (v1 and v2 accepted, loopback trusted, the
/// library's defaults otherwise) and a control endpoint for allocation counters. It stops when its standard input
/// closes (the parent is gone) or after a hard limit.
/// </summary>
internal static class LoadServer
{
    private static readonly byte[] Body = "ok"u8.ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var maxLifetime = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 900);
        int plainPort = FreePort(), proxyPort = FreePort(), controlPort = FreePort();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddProxyProtocol(o => o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, plainPort);
            k.Listen(IPAddress.Loopback, proxyPort, lo => lo.UseProxyProtocol());
            k.Listen(IPAddress.Loopback, controlPort);
        });

        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value;
            if (path == "/stats" && context.Connection.LocalPort == controlPort)
            {
                // Precise: includes every thread's allocation context, so a run's difference is exact. CPU: user + system
                // time of the whole server process, in 100 ns ticks.
                return WriteText(context, string.Create(CultureInfo.InvariantCulture,
                    $"{GC.GetTotalAllocatedBytes(precise: true)} {Environment.CpuUsage.TotalTime.Ticks}"));
            }

            if (path == "/whoami")
            {
                return WriteText(context, $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}");
            }

            context.Response.ContentLength = Body.Length;
            return context.Response.Body.WriteAsync(Body).AsTask();
        });

        await app.StartAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY {plainPort} {proxyPort} {controlPort} gcServer={System.Runtime.GCSettings.IsServerGC},cpus={Environment.ProcessorCount}"));
        Console.Out.Flush();

        using var stop = new CancellationTokenSource(maxLifetime);
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await Task.WhenAny(stdinClosed, Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        return 0;
    }

    // Content-Length framing (not chunked), so the client's minimal response reader applies to every response.
    private static Task WriteText(HttpContext context, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
