using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>How PROXY protocol gets onto endpoints, and the registration mistakes caught at startup.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task After_use_https_is_a_clear_startup_error()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestKestrelApp.StartAsync(
            builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.UseHttps(TestCertificate.Instance);
                listen.UseProxyProtocol();
            })),
            useProxyProtocol: false));
        Assert.Contains("before UseHttps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Per_endpoint_before_use_https_works_and_other_endpoints_stay_plain()
    {
        await using var app = await TestKestrelApp.StartAsync(
            builder =>
            {
                builder.Services.AddProxyProtocol();
                builder.WebHost.ConfigureKestrel(k =>
                {
                    k.Listen(IPAddress.Loopback, 0, listen => listen.UseProxyProtocol(o => o.Parser = o.Parser with { HeaderTimeout = TimeSpan.FromSeconds(2) }));
                    k.Listen(IPAddress.Loopback, 0);
                });
            },
            useProxyProtocol: false);
        var proxied = new IPEndPoint(IPAddress.Loopback, app.Addresses[0].Port);
        var plain = new IPEndPoint(IPAddress.Loopback, app.Addresses[1].Port);

        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(proxied, Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
        Assert.StartsWith("127.0.0.1:", Line(Body(await ExchangeAsync(plain, Headers.HttpGet())), "remote"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, await ExchangeAsync(proxied, Headers.HttpGet()));
    }

    [Fact]
    public async Task Twice_on_one_endpoint_is_a_startup_error()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestKestrelApp.StartAsync(builder =>
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseProxyProtocol()))));
        Assert.Contains("already enabled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_before_use_proxy_protocol_is_a_startup_error()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestKestrelApp.StartAsync(
            builder =>
            {
                builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
                builder.WebHost.UseProxyProtocol();
            },
            useProxyProtocol: false));
        Assert.Contains("without a PROXY header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Later_configure_endpoint_defaults_is_chained_not_lost()
    {
        var userDefaultsRan = 0;
        await using var app = await TestKestrelApp.StartAsync(builder =>
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(_ => Interlocked.Increment(ref userDefaultsRan))));

        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
        Assert.Equal(string.Empty, await ExchangeAsync(app.EndPoint, Headers.HttpGet()));
        Assert.True(userDefaultsRan > 0);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "EndpointDefaultsRechained");
    }

    [Fact]
    public async Task Earlier_configure_endpoint_defaults_still_runs_after_proxy()
    {
        var userDefaultsRan = 0;
        await using var app = await TestKestrelApp.StartAsync(
            builder =>
            {
                builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(_ => Interlocked.Increment(ref userDefaultsRan)));
                builder.WebHost.UseProxyProtocol();
            },
            useProxyProtocol: false);

        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
        Assert.True(userDefaultsRan > 0);
    }

    [Fact]
    public async Task Configuration_endpoints_are_covered()
    {
        await using var app = await TestKestrelApp.StartAsync(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Main:Url"] = "http://127.0.0.1:0",
        }));
        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
        Assert.Equal(string.Empty, await ExchangeAsync(app.EndPoint, Headers.HttpGet()));
    }

    [Fact]
    public async Task Options_from_configuration_are_applied()
    {
        await using var app = await TestKestrelApp.StartAsync(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProxyProtocol:TrustedNetworks:0"] = "10.0.0.0/8",
            ["ProxyProtocol:UntrustedPeerPolicy"] = "Skip",
            ["ProxyProtocol:ForwardedHeaders"] = "Off",
        }));

        // 127.0.0.1 is outside 10.0.0.0/8 and skipped: a direct client.
        var body = Body(await ExchangeAsync(app.EndPoint, Headers.HttpGet()));
        Assert.StartsWith("127.0.0.1:", Line(body, "remote"), StringComparison.Ordinal);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled" && r.Message.Contains("1 trusted network: 10.0.0.0/8,", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Name == "NoTrustedNetworks");
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_at_startup()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestKestrelApp.StartAsync(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProxyProtocol:TrustedNetworks:0"] = "10.0.0.0/33",
            ["ProxyProtocol:HeaderTimeout"] = "00:00:00",
        })));
        Assert.Contains("TrustedNetworks", error.Message, StringComparison.Ordinal);
        Assert.Contains("HeaderTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_trust_list_is_a_startup_warning()
    {
        await using var app = await TestKestrelApp.StartAsync();
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "NoTrustedNetworks" && r.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Http3_endpoint_is_warned_about_at_startup()
    {
        await using var app = await TestKestrelApp.StartAsync(builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2AndHttp3;
            listen.UseHttps(TestCertificate.Instance);
        })));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "Http3NotCovered");
    }

    [Fact]
    public async Task Raw_connection_handler_sees_the_real_client_and_the_first_payload_byte()
    {
        await using var app = await TestKestrelApp.StartAsync(builder =>
        {
            builder.Services.AddSingleton<WhoAmIHandler>();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseConnectionHandler<WhoAmIHandler>()));
        });
        var reply = await ExchangeAsync(app.EndPoint, Headers.Concat(Headers.V2V6WithTlvs, Headers.Ascii("hello\n")));
        Assert.Equal("[2001:db8::1]:4711 -> [2001:db8::2]:443 said hello\n", reply);
    }

    /// <summary>A line protocol on a raw connection: replies with the endpoints and the first line, then closes.</summary>
    private sealed class WhoAmIHandler : ConnectionHandler
    {
        public override async Task OnConnectedAsync(ConnectionContext connection)
        {
            var input = connection.Transport.Input;
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                if (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = System.Text.Encoding.ASCII.GetString(buffer.Slice(0, end).ToArray());
                    await connection.Transport.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"{connection.RemoteEndPoint} -> {connection.LocalEndPoint} said {line}\n"));
                    return;
                }

                input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
    }
}
