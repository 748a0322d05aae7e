using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore;

namespace ProxyProtocol.Interop.Tests.Harness;

/// <summary>
/// A minimal Kestrel app behind <c>UseProxyProtocol</c> on 127.0.0.1:0 and [::1]:0. Every request is recorded
/// (<see cref="Seen"/>) and answered with what the handler saw, one <c>key=value</c> per line.
/// </summary>
internal sealed class EchoApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoApp(WebApplication app, LogSink logs)
    {
        _app = app;
        Logs = logs;
    }

    internal IPEndPoint V4 { get; private set; } = null!;

    internal IPEndPoint V6 { get; private set; } = null!;

    internal ConcurrentQueue<SeenRequest> Seen { get; } = new();

    internal LogSink Logs { get; }

    internal static async Task<EchoApp> StartAsync(ITestOutputHelper output, Action<ProxyProtocolOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new LogSink(output);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseProxyProtocol(configure));
            kestrel.Listen(IPAddress.IPv6Loopback, 0, listen => listen.UseProxyProtocol(configure));
        });
        var app = builder.Build();
        var echo = new EchoApp(app, logs);
        app.Run(context =>
        {
            var seen = new SeenRequest(context.Request.Path, context.GetProxyHeader(), context.Connection.RemoteIpAddress, context.Connection.RemotePort);
            echo.Seen.Enqueue(seen);
            var body = Encoding.UTF8.GetBytes(Describe(context));
            context.Response.ContentType = "text/plain";
            context.Response.ContentLength = body.Length; // not chunked: tests read the raw reply
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        echo.V4 = new IPEndPoint(IPAddress.Loopback, addresses.First(a => a.Host == "127.0.0.1").Port);
        echo.V6 = new IPEndPoint(IPAddress.IPv6Loopback, addresses.First(a => a.Host == "[::1]").Port);
        output.WriteLine($"echo app (Kestrel + UseProxyProtocol) on {echo.V4} and {echo.V6}");
        return echo;
    }

    /// <summary>Parses an echo reply body into its key/value pairs.</summary>
    internal static Dictionary<string, string> Parse(string body) => body
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private static string Describe(HttpContext context)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"remote={Format(context.Connection.RemoteIpAddress, context.Connection.RemotePort)}\n");
        text.Append(c, $"local={Format(context.Connection.LocalIpAddress, context.Connection.LocalPort)}\n");
        if (context.Features.Get<IProxyProtocolFeature>()?.SocketRemoteEndPoint is IPEndPoint socket)
        {
            text.Append(c, $"socket={Format(socket.Address, socket.Port)}\n");
        }

        if (context.GetProxyHeader() is not { } header)
        {
            return text.Append("header=none\n").ToString();
        }

        text.Append(c, $"version={(int)header.Version}\ncommand={header.Command}\nfamily={header.AddressFamily}\n");
        text.Append(c, $"source={(header.Source is { } s ? Format(s.Address, s.Port) : "-")}\n");
        text.Append(c, $"destination={(header.Destination is { } d ? Format(d.Address, d.Port) : "-")}\n");
        text.Append(c, $"crc32c={header.Crc32CVerified?.ToString() ?? "absent"}\n");
        text.Append(c, $"authority={header.Authority ?? "-"}\n");
        text.Append(c, $"unique_id={(header.UniqueId is { } id ? Encoding.ASCII.GetString(id.Span) : "-")}\n");
        if (header.Ssl is { } ssl)
        {
            text.Append(c, $"ssl.client={ssl.Client}\nssl.verify={ssl.Verify}\nssl.version={ssl.Version}\nssl.cn={ssl.CommonName}\n");
            text.Append(c, $"ssl.cipher={ssl.Cipher}\nssl.sig_alg={ssl.SignatureAlgorithm}\nssl.key_alg={ssl.KeyAlgorithm}\n");
        }

        return text.ToString();
    }

    private static string Format(IPAddress? address, int port) => address is null
        ? "-"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}";
}

internal sealed record SeenRequest(string Path, ProxyHeader? Header, IPAddress? RemoteAddress, int RemotePort);

/// <summary>Keeps the app's log lines (to assert on rejections) and copies them to the test output.</summary>
internal sealed class LogSink(ITestOutputHelper output) : ILoggerProvider
{
    internal LineLog Lines { get; } = new();

    private ITestOutputHelper Output => output;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    internal Task<string> WaitForAsync(string text, TimeSpan timeout) =>
        Lines.WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, "the app's log");

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel} {category}: {formatter(state, exception)}";
            sink.Lines.AppendLine(line);
            try
            {
                sink.Output.WriteLine(line);
            }
            catch (InvalidOperationException)
            {
                // The test already finished (a late log line from shutdown).
            }
        }
    }
}
