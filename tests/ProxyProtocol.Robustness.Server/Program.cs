using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ProxyProtocol.AspNetCore;
using ProxyProtocol.Robustness.Server;

// Usage: ProxyProtocol.Robustness.Server [--header-timeout-ms N] [--max-seconds N]
// Prints "proxy=PORT control=PORT" once listening on 127.0.0.1. Stops when stdin closes (the parent went away) or
// after --max-seconds (default 900), so it never outlives its test.
// PROXY endpoint:   GET / -> "remote=ip:port"; POST /echo -> the body, X-Remote: ip:port; GET /tlv -> typed TLVs, Forwarded
// control endpoint: GET /stats[?gc=1] -> name=value lines (memory, handles, logs, connections, PROXY counters)
var headerTimeout = TimeSpan.FromMilliseconds(Arg("--header-timeout-ms", 10_000));
var maxLifetime = TimeSpan.FromSeconds(Arg("--max-seconds", 900));

var logs = new CountingLoggerProvider();
using var counters = new ServerCounters();
long unobserved = 0;
TaskScheduler.UnobservedTaskException += (_, _) => Interlocked.Increment(ref unobserved);

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.Sources.Clear();
builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
builder.Services.AddProxyProtocol();
ListenOptions? proxyEndpoint = null;
ListenOptions? controlEndpoint = null;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Listen(IPAddress.Loopback, 0, listen =>
    {
        proxyEndpoint = listen;
        listen.UseProxyProtocol(o =>
        {
            o.Parser = o.Parser with { HeaderTimeout = headerTimeout };
            o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8"));
        });
    });
    kestrel.Listen(IPAddress.Loopback, 0, listen => controlEndpoint = listen);
});

var app = builder.Build();
app.MapGet("/", (HttpContext c) => $"remote={c.Connection.RemoteIpAddress}:{c.Connection.RemotePort}");
app.MapPost("/echo", async (HttpContext c) =>
{
    c.Response.ContentType = "application/octet-stream";
    c.Response.ContentLength = c.Request.ContentLength;
    c.Response.Headers["X-Remote"] = $"{c.Connection.RemoteIpAddress}:{c.Connection.RemotePort}";
    await c.Request.Body.CopyToAsync(c.Response.Body);
});
app.MapGet("/tlv", (HttpContext c) =>
{
    var header = c.GetProxyHeader();
    var text = new StringBuilder();
    text.Append("remote=").Append(c.Connection.RemoteIpAddress).Append(':').Append(c.Connection.RemotePort).Append('\n');
    text.Append("authority=").Append(header?.Authority ?? "(null)").Append('\n');
    text.Append("authority.raw=").Append(header is not null && header.TryGetTlv(0x02, out var raw) ? Convert.ToHexString(raw.Span) : "(none)").Append('\n');
    text.Append("ssl.cn=").Append(header?.Ssl?.CommonName ?? "(null)").Append('\n');
    text.Append("ssl.version=").Append(header?.Ssl?.Version ?? "(null)").Append('\n');
    text.Append("forwarded=").Append(c.Request.Headers["Forwarded"].ToString()).Append('\n');
    text.Append("x-forwarded-host=").Append(c.Request.Headers["X-Forwarded-Host"].ToString()).Append('\n');
    return text.ToString();
});
app.MapGet("/stats", (HttpContext c) =>
{
    if (c.Request.Query.ContainsKey("gc"))
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    var text = new StringBuilder();
    void Line(string name, long value) => text.Append(name).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    Line("heap", GC.GetTotalMemory(false));
    Line("rss", Resident());
    Line("handles", Directory.GetFiles("/proc/self/fd").Length);
    Line("threads", System.Diagnostics.Process.GetCurrentProcess().Threads.Count);
    Line("connections", counters.ActiveConnections);
    Line("accepted", counters.Accepted);
    Line("empty", counters.Empty);
    Line("rejected", counters.Rejected.Values.Sum());
    Line("logs.debug", logs.Count(LogLevel.Debug));
    Line("logs.information", logs.Count(LogLevel.Information));
    Line("logs.warning", logs.Count(LogLevel.Warning));
    Line("logs.error", logs.Count(LogLevel.Error));
    Line("logs.critical", logs.Count(LogLevel.Critical));
    Line("unobserved", Interlocked.Read(ref unobserved));
    foreach (var (reason, count) in counters.Rejected)
    {
        Line("rejected." + reason, count);
    }

    foreach (var (name, count) in logs.WarningsByEvent)
    {
        Line("warning." + name, count);
    }

    return text.ToString();
});

await app.StartAsync();
Console.WriteLine($"proxy={proxyEndpoint!.IPEndPoint!.Port} control={controlEndpoint!.IPEndPoint!.Port}");
Console.Out.Flush();

var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
_ = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is not null)
    {
    }

    lifetime.StopApplication();
});
using var stopAfter = new CancellationTokenSource(maxLifetime);
stopAfter.Token.Register(lifetime.StopApplication);
await app.WaitForShutdownAsync();
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

// Resident set size from /proc (Linux): the whole process, native buffers included.
static long Resident()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
        {
            return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
    }

    return 0;
}
