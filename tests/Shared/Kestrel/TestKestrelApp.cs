using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ProxyProtocol.AspNetCore;

namespace ProxyProtocol.Tests.Shared;

/// <summary>
/// A real Kestrel on loopback ephemeral ports. Every request is recorded (<see cref="Seen"/>); unless the test maps its
/// own routes, every request is answered by <see cref="Describe"/>. Logs are kept for assertions (<see cref="Logs"/>,
/// <see cref="LogLines"/>) and copied to the test's output when one is given.
/// </summary>
internal sealed class TestKestrelApp : IAsyncDisposable
{
    private TestKestrelApp(WebApplication app, LineLog logLines)
    {
        App = app;
        LogLines = logLines;
    }

    internal WebApplication App { get; }

    /// <summary>Every request the app received, in order.</summary>
    internal ConcurrentQueue<SeenRequest> Seen { get; } = new();

    internal int Requests => Seen.Count;

    internal FakeLogCollector Logs => App.Services.GetRequiredService<FakeLogCollector>();

    /// <summary>The log as text, one <c>Level Category: message</c> line per record, to wait on.</summary>
    internal LineLog LogLines { get; }

    internal IReadOnlyList<Uri> Addresses => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    internal int Port => Addresses[0].Port;

    internal IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    internal IPEndPoint V4 => new(IPAddress.Loopback, Addresses.First(a => a.Host == "127.0.0.1").Port);

    internal IPEndPoint V6 => new(IPAddress.IPv6Loopback, Addresses.First(a => a.Host == "[::1]").Port);

    /// <summary>
    /// Builds and starts the app on http://127.0.0.1:0 with <c>WebHost.UseProxyProtocol(options)</c> (every endpoint)
    /// unless <paramref name="useProxyProtocol"/> is false; <paramref name="configure"/> may add endpoints and settings.
    /// </summary>
    internal static Task<TestKestrelApp> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        bool useProxyProtocol = true,
        Action<ProxyProtocolOptions>? options = null,
        Action<WebApplication>? map = null,
        Xunit.Abstractions.ITestOutputHelper? output = null) =>
        StartAsync(
            builder =>
            {
                builder.WebHost.UseUrls("http://127.0.0.1:0");
                if (useProxyProtocol)
                {
                    builder.WebHost.UseProxyProtocol(options);
                }

                configure?.Invoke(builder);
            },
            map,
            output);

    /// <summary>Builds and starts the app on 127.0.0.1:0 and [::1]:0, each with <c>ListenOptions.UseProxyProtocol(options)</c>.</summary>
    internal static async Task<TestKestrelApp> StartOnEachLoopbackAsync(Xunit.Abstractions.ITestOutputHelper output, Action<ProxyProtocolOptions>? options = null)
    {
        var app = await StartAsync(
            builder => builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseProxyProtocol(options));
                kestrel.Listen(IPAddress.IPv6Loopback, 0, listen => listen.UseProxyProtocol(options));
            }),
            map: null,
            output);
        output.WriteLine($"test app (Kestrel + ListenOptions.UseProxyProtocol) on {app.V4} and {app.V6}");
        return app;
    }

    /// <summary>What the handler sees, one <c>key=value</c> per line; the header's fields only when there is one.</summary>
    internal static string Describe(HttpContext context)
    {
        var text = new StringBuilder();
        void Line(string key, object? value) => text.Append(key).Append('=').Append(value).Append('\n');

        Line("remote", Format(context.Connection.RemoteIpAddress, context.Connection.RemotePort));
        Line("local", Format(context.Connection.LocalIpAddress, context.Connection.LocalPort));
        Line("socket", context.Features.Get<IProxyProtocolFeature>()?.SocketRemoteEndPoint);
        Line("scheme", context.Request.Scheme);
        Line("protocol", context.Request.Protocol);
        Line("tls", context.Features.Get<ITlsHandshakeFeature>()?.Protocol.ToString() ?? "none");
        foreach (var name in new[] { "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP" })
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                Line("h." + name, value.ToString());
            }
        }

        var header = context.GetProxyHeader();
        Line("header", header?.ToString() ?? "none");
        if (header is null)
        {
            return text.ToString();
        }

        Line("version", (int)header.Version);
        Line("command", header.Command);
        Line("family", header.AddressFamily);
        Line("source", header.Source is { } s ? Format(s.Address, s.Port) : "-");
        Line("destination", header.Destination is { } d ? Format(d.Address, d.Port) : "-");
        Line("crc32c", header.Crc32CVerified?.ToString() ?? "absent");
        Line("authority", header.Authority ?? "-");
        Line("unique_id", header.UniqueId is { } id ? Encoding.ASCII.GetString(id.Span) : "-");
        if (header.Ssl is { } ssl)
        {
            Line("ssl.client", ssl.Client);
            Line("ssl.verify", ssl.Verify);
            Line("ssl.version", ssl.Version);
            Line("ssl.cn", ssl.CommonName);
            Line("ssl.cipher", ssl.Cipher);
            Line("ssl.sig_alg", ssl.SignatureAlgorithm);
            Line("ssl.key_alg", ssl.KeyAlgorithm);
        }

        return text.ToString();
    }

    /// <summary>A <see cref="Describe"/> body's key/value pairs.</summary>
    internal static Dictionary<string, string> Parse(string body) => body
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => line.Split('=', 2))
        .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : string.Empty);

    /// <summary>The first log line that contains <paramref name="text"/>.</summary>
    internal Task<string> WaitForLogAsync(string text, TimeSpan timeout) =>
        LogLines.WaitForLineAsync(l => l.Contains(text, StringComparison.Ordinal), timeout, "the app's log");

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }

    private static async Task<TestKestrelApp> StartAsync(Action<WebApplicationBuilder> listen, Action<WebApplication>? map, Xunit.Abstractions.ITestOutputHelper? output)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: no appsettings.json (a sample's may sit beside the tests) and no environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        var logLines = new LineLog();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddFakeLogging(o =>
        {
            o.OutputFormatter = r => $"{r.Level} {r.Category}: {r.Message}";
            o.OutputSink = line => WriteLog(logLines, output, line);
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        listen(builder);

        var app = builder.Build();
        var result = new TestKestrelApp(app, logLines);
        app.Use((context, next) =>
        {
            result.Seen.Enqueue(new SeenRequest(context.Request.Path, context.GetProxyHeader(), context.Connection.RemoteIpAddress, context.Connection.RemotePort));
            return next(context);
        });
        if (map is null)
        {
            app.Run(context =>
            {
                var body = Encoding.UTF8.GetBytes(Describe(context));
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.ContentLength = body.Length; // not chunked: tests read the raw reply
                return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
            });
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return result;
    }

    private static void WriteLog(LineLog lines, Xunit.Abstractions.ITestOutputHelper? output, string line)
    {
        lines.AppendLine(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished (a late line from shutdown).
        }
    }

    private static string Format(IPAddress? address, int port) => address is null ? "-" : new IPEndPoint(address, port).ToString();
}

internal sealed record SeenRequest(string Path, ProxyHeader? Header, IPAddress? RemoteAddress, int RemotePort);
