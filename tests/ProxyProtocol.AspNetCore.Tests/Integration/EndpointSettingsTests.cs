using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Tests.Infrastructure;
using static ProxyProtocol.AspNetCore.Tests.Infrastructure.RawClient;
using static ProxyProtocol.Tests.Shared.HttpReply;

namespace ProxyProtocol.AspNetCore.Tests.Integration;

/// <summary>
/// Per-endpoint settings from <c>ProxyProtocol:Endpoints</c> (by name for <c>Kestrel:Endpoints</c>, by port for
/// endpoints from code), and the startup line each endpoint gets: its real scheme and its effective settings.
/// </summary>
public sealed class EndpointSettingsTests
{
    [Fact]
    public async Task Named_endpoints_from_configuration_each_gets_its_own_settings()
    {
        var (publicPort, adminPort) = (Ports.Free(IPAddress.Loopback).Port, Ports.Free(IPAddress.Loopback).Port);
        await using var app = await TestKestrelApp.StartAsync(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Public:Url"] = $"http://127.0.0.1:{publicPort}",
            ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{adminPort}",
            ["ProxyProtocol:TrustedNetworks"] = "127.0.0.0/8",
            ["ProxyProtocol:Endpoints:Public:HeaderTimeout"] = "00:00:03",
            ["ProxyProtocol:Endpoints:Admin:Enabled"] = "false",
        }));

        var enabled = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled");
        Assert.Contains("(with ProxyProtocol:Endpoints:Public): header required, versions All, header timeout 00:00:03, max header length 4096, 1 trusted network: 127.0.0.0/8, untrusted peers Reject, forwarded headers Rewrite.", enabled.Message, StringComparison.Ordinal);
        var disabled = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "Disabled");
        Assert.Contains("by ProxyProtocol:Endpoints:Admin:Enabled", disabled.Message, StringComparison.Ordinal);

        Assert.StartsWith($"PROXY protocol enabled on http://127.0.0.1:{publicPort} ", enabled.Message, StringComparison.Ordinal);
        Assert.StartsWith($"PROXY protocol disabled on http://127.0.0.1:{adminPort} ", disabled.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Id.Name == "EndpointSectionUnmatched");
        var proxied = new IPEndPoint(IPAddress.Loopback, publicPort);
        var admin = new IPEndPoint(IPAddress.Loopback, adminPort);
        Assert.Equal("192.168.1.100:56324", Line(Body(await ExchangeAsync(proxied, Headers.Concat(Headers.V1, Headers.HttpGet()))), "remote"));
        Assert.Equal(string.Empty, await ExchangeAsync(proxied, Headers.HttpGet()));
        Assert.StartsWith("127.0.0.1:", Line(Body(await ExchangeAsync(admin, Headers.HttpGet())), "remote"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_endpoints_are_matched_by_port_and_an_endpoint_list_replaces_the_apps_including_code_additions()
    {
        var (proxyPort, adminPort) = (Ports.Free(IPAddress.Loopback).Port, Ports.Free(IPAddress.Loopback).Port);
        await using var app = await TestKestrelApp.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"ProxyProtocol:Endpoints:{proxyPort}:TrustedNetworks"] = "10.0.0.0/8",
                    [$"ProxyProtocol:Endpoints:{proxyPort}:UntrustedPeerPolicy"] = "Skip",
                    [$"ProxyProtocol:Endpoints:{adminPort}:Enabled"] = "false",
                });
                builder.WebHost.ConfigureKestrel(k =>
                {
                    k.Listen(IPAddress.Loopback, proxyPort);
                    k.Listen(IPAddress.Loopback, adminPort);
                });
            },
            options: o => o.TrustedNetworks.Add(IPNetwork.Parse("127.0.0.0/8")));

        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled"
            && r.Message.Contains($"http://127.0.0.1:{proxyPort} (with ProxyProtocol:Endpoints:{proxyPort}):", StringComparison.Ordinal)
            && r.Message.Contains("1 trusted network: 10.0.0.0/8, untrusted peers Skip", StringComparison.Ordinal));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Id.Name == "Disabled" && r.Message.Contains($"http://127.0.0.1:{adminPort} ", StringComparison.Ordinal));

        // 127.0.0.1 is outside the endpoint's list (the app's 127.0.0.0/8 from code was replaced) and skipped.
        var skipped = Body(await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, proxyPort), Headers.HttpGet()));
        Assert.StartsWith("127.0.0.1:", Line(skipped, "remote"), StringComparison.Ordinal);
        Assert.Equal("none", Line(skipped, "header"));
        Assert.StartsWith("127.0.0.1:", Line(Body(await ExchangeAsync(new IPEndPoint(IPAddress.Loopback, adminPort), Headers.HttpGet())), "remote"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_section_that_matches_no_endpoint_is_a_startup_warning()
    {
        await using var app = await TestKestrelApp.StartAsync(builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Admin:Url"] = "http://127.0.0.1:0",
            ["ProxyProtocol:Endpoints:Admn:TrustedNetworks"] = "10.0.0.0/8",
        }));
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "EndpointSectionUnmatched");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.StartsWith("ProxyProtocol:Endpoints:Admn matched no endpoint", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_endpoint_is_logged_with_its_real_scheme()
    {
        await using var app = await TestKestrelApp.StartAsync(builder => builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificate.Instance))));
        var enabled = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled");
        Assert.StartsWith("PROXY protocol enabled on https://127.0.0.1:", enabled.Message, StringComparison.Ordinal);
    }

    /// <summary>An infinite header timeout lets a stalled peer hold a connection for ever: each endpoint that has one says so.</summary>
    [Fact]
    public async Task InfiniteHeaderTimeout_is_a_startup_warning_on_each_endpoint_that_has_it()
    {
        var (stalledPort, boundedPort) = (Ports.Free(IPAddress.Loopback).Port, Ports.Free(IPAddress.Loopback).Port);
        await using var app = await TestKestrelApp.StartAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ProxyProtocol:TrustedNetworks"] = "127.0.0.0/8",
                [$"ProxyProtocol:Endpoints:{stalledPort}:HeaderTimeout"] = "-00:00:00.001",
            });
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, stalledPort);
                k.Listen(IPAddress.Loopback, boundedPort);
            });
        });

        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "HeaderTimeoutInfinite");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
        Assert.StartsWith($"PROXY protocol on http://127.0.0.1:{stalledPort} has no header timeout", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InfiniteHeaderTimeout_from_code_is_a_startup_warning()
    {
        await using var app = await TestKestrelApp.StartAsync(options: o => o.Parser = o.Parser with { HeaderTimeout = Timeout.InfiniteTimeSpan });
        var warning = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "HeaderTimeoutInfinite");
        Assert.StartsWith("PROXY protocol on http://127.0.0.1:", warning.Message, StringComparison.Ordinal);
        Assert.Contains(", header timeout infinite, ", Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Name == "Enabled").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProxyProtocol:Endpoints:Admin:HeaderTimeout", "soon", "ProxyProtocol:Endpoints:Admin:HeaderTimeout")]
    [InlineData("ProxyProtocol:Endpoints:Admin:Enabled", "no", "ProxyProtocol:Endpoints:Admin:Enabled")]
    [InlineData("ProxyProtocol:Endpoints:Admin:TrustedNetwork", "10.0.0.0/8", "'TrustedNetwork' is not a PROXY protocol option")]
    [InlineData("ProxyProtocol:TrustedNetwork", "10.0.0.0/8", "'TrustedNetwork' is not a PROXY protocol option")]
    [InlineData("ProxyProtocol:Enabled", "false", "'Enabled' is not a PROXY protocol option")]
    // ProxyProtocol__Endpoints__Admin=false: a value where a section belongs would otherwise leave PROXY on, silently.
    [InlineData("ProxyProtocol:Endpoints:Admin", "false", "ProxyProtocol:Endpoints:Admin: 'false' is not valid; an endpoint's settings are keys under it, such as ProxyProtocol:Endpoints:Admin:Enabled.")]
    [InlineData("ProxyProtocol:Endpoints", "Admin", "ProxyProtocol:Endpoints: 'Admin' is not valid;")]
    public async Task Bad_settings_stop_the_host_at_startup_naming_the_key(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestKestrelApp.StartAsync(builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
