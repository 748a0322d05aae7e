// Every connection from loopback must start with a PROXY header; the reply names the client it describes and the
// vendor TLV 0xE5. Prints "listening <url>" once Kestrel is bound (run with --urls http://127.0.0.1:0).
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ProxyProtocol;
using ProxyProtocol.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseProxyProtocol(o => o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));
var app = builder.Build();

app.MapGet("/", (HttpContext context) =>
{
    context.Response.Headers.Connection = "close";
    ProxyHeader? header = context.GetProxyHeader();
    return $"client={context.Connection.RemoteIpAddress}:{context.Connection.RemotePort} version={(int?)header?.Version} tenant={header?.TenantId?.Value ?? "-"}\n";
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
    {
        Console.WriteLine($"listening {address}");
    }
});

app.Run();

[ProxyTlv(0xE5)]
public readonly partial record struct TenantId(string Value);
