// A minimal API behind an L4 load balancer: every connection must start with a PROXY header (v1 or v2), and
// HttpContext.Connection shows the real client. Try it with the commands in README.md.
using HelloProxy;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// 127.0.0.1:8080 unless --urls, ASPNETCORE_URLS or configuration says otherwise.
if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:8080");
}

// Every endpoint requires a PROXY header; options come from the "ProxyProtocol" section of appsettings.json.
builder.WebHost.UseProxyProtocol();

var app = builder.Build();

app.MapGet("/", (HttpContext context) =>
{
    // One request per connection keeps `printf ... | nc` short: the server closes after answering.
    context.Response.Headers.Connection = "close";
    return Results.Text(Report.Describe(context), "text/plain; charset=utf-8");
});

app.Lifetime.ApplicationStarted.Register(() =>
{
    var header = app.Services.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value.HeaderRequired ? "required" : "optional";
    foreach (var address in app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
    {
        Console.WriteLine($"HelloProxy listening on {address} (PROXY header {header}). Try: printf 'PROXY TCP4 192.168.1.100 10.0.0.1 56324 8080\\r\\nGET / HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n' | nc {new Uri(address).Host} {new Uri(address).Port}");
    }
});

app.Run();
