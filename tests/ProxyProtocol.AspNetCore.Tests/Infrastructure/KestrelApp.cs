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

namespace ProxyProtocol.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A real Kestrel on 127.0.0.1 with an ephemeral port. <c>GET /</c> answers one line per fact the app sees
/// (remote, local, scheme, protocol, header, forwarding headers); every request is counted.
/// </summary>
internal sealed class KestrelApp : IAsyncDisposable
{
    private int _requests;

    private KestrelApp(WebApplication app) => App = app;

    internal WebApplication App { get; }

    internal int Requests => Volatile.Read(ref _requests);

    internal FakeLogCollector Logs => App.Services.GetRequiredService<FakeLogCollector>();

    internal IReadOnlyList<Uri> Addresses => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();

    internal int Port => Addresses[0].Port;

    internal IPEndPoint EndPoint => new(IPAddress.Loopback, Port);

    /// <summary>Builds and starts the app. By default it listens on http://127.0.0.1:0 with PROXY on every endpoint.</summary>
    internal static async Task<KestrelApp> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        bool useProxyProtocol = true,
        Action<ProxyProtocolOptions>? options = null,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // Only what the test sets: no appsettings.json (the sample's is copied beside the tests) and no environment.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        if (useProxyProtocol)
        {
            builder.WebHost.UseProxyProtocol(options);
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        var result = new KestrelApp(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref result._requests);
            return next(context);
        });
        if (map is null)
        {
            app.MapGet("/", Describe);
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return result;
    }

    internal static string Describe(HttpContext context)
    {
        var text = new StringBuilder();
        text.Append("remote=").Append(context.Connection.RemoteIpAddress).Append(':').Append(context.Connection.RemotePort).Append('\n');
        text.Append("local=").Append(context.Connection.LocalIpAddress).Append(':').Append(context.Connection.LocalPort).Append('\n');
        text.Append("scheme=").Append(context.Request.Scheme).Append('\n');
        text.Append("protocol=").Append(context.Request.Protocol).Append('\n');
        text.Append("header=").Append(context.GetProxyHeader()?.ToString() ?? "none").Append('\n');
        text.Append("feature.socket=").Append(context.Features.Get<IProxyProtocolFeature>()?.SocketRemoteEndPoint).Append('\n');
        text.Append("tls=").Append(context.Features.Get<ITlsHandshakeFeature>()?.Protocol.ToString() ?? "none").Append('\n');
        foreach (var name in new[] { "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP" })
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
            {
                text.Append("h.").Append(name).Append('=').Append(value.ToString()).Append('\n');
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
