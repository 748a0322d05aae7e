using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_the_safe_ones()
    {
        var options = new ProxyProtocolOptions();
        Assert.Same(ProxyParserOptions.Default, options.Parser); // the core's defaults, defined once
        Assert.True(options.HeaderRequired);
        Assert.Empty(options.TrustedNetworks);
        Assert.Equal(UntrustedPeerPolicy.Reject, options.UntrustedPeerPolicy);
        Assert.Equal(ForwardedHeadersHygiene.Rewrite, options.ForwardedHeaders);
        Assert.False(options.SetHttpsSchemeFromSslTlv);
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Binding_reads_every_setting()
    {
        var options = Bind(new()
        {
            ["ProxyProtocol:HeaderTimeout"] = "00:00:03",
            ["ProxyProtocol:MaxHeaderLength"] = "8192",
            ["ProxyProtocol:AcceptedVersions"] = "V2",
            ["ProxyProtocol:RejectCrc32CMismatch"] = "false",
            ["ProxyProtocol:AllowIPv4InTcp6"] = "true",
            ["ProxyProtocol:HeaderRequired"] = "false",
            ["ProxyProtocol:TrustedNetworks:0"] = "10.0.0.0/8",
            ["ProxyProtocol:TrustedNetworks:1"] = "2001:db8::/32, 192.0.2.7",
            ["ProxyProtocol:UntrustedPeerPolicy"] = "skip",
            ["ProxyProtocol:ForwardedHeaders"] = "Strip",
            ["ProxyProtocol:SetHttpsSchemeFromSslTlv"] = "true",
        });

        Assert.Empty(BindingErrors.Get(options));
        Assert.Equal(
            ProxyParserOptions.Default with { HeaderTimeout = TimeSpan.FromSeconds(3), MaxHeaderLength = 8192, AcceptedVersions = ProxyVersions.V2, RejectCrc32CMismatch = false, AllowIPv4InTcp6 = true },
            options.Parser);
        Assert.False(options.HeaderRequired);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("192.0.2.7/32")], options.TrustedNetworks);
        Assert.Equal(UntrustedPeerPolicy.Skip, options.UntrustedPeerPolicy);
        Assert.Equal(ForwardedHeadersHygiene.Strip, options.ForwardedHeaders);
        Assert.True(options.SetHttpsSchemeFromSslTlv);
    }

    [Fact]
    public void Binding_accepts_one_comma_separated_string()
    {
        var options = Bind(new() { ["ProxyProtocol:TrustedNetworks"] = "10.0.0.0/8,172.16.0.0/12" });
        Assert.Equal(2, options.TrustedNetworks.Count);
    }

    [Theory]
    [InlineData("HeaderTimeout", "soon")]
    [InlineData("MaxHeaderLength", "+100")]
    [InlineData("AcceptedVersions", "3")]
    [InlineData("AcceptedVersions", "V3")]
    [InlineData("RejectCrc32CMismatch", "yes")]
    [InlineData("UntrustedPeerPolicy", "Allow")]
    [InlineData("ForwardedHeaders", "1")]
    [InlineData("TrustedNetworks:0", "10.0.0.1/8")]
    [InlineData("TrustedNetworks:0", "10.1")]
    [InlineData("TrustedNetworks:0", "[::1]")]
    [InlineData("TrustedNetworks:0", "10.0.0.0/33")]
    public void Binding_bad_value_fails_validation_with_the_key(string key, string value)
    {
        var options = Bind(new() { ["ProxyProtocol:" + key] = value });
        var result = new ProxyProtocolOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(key.Split(':')[0], result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HeaderTimeout", "00:00:00", "HeaderTimeout must be positive")]
    [InlineData("HeaderTimeout", "-00:00:01", "HeaderTimeout must be positive")]
    [InlineData("HeaderTimeout", "60.00:00:00", "HeaderTimeout must be positive")]
    [InlineData("MaxHeaderLength", "15", "MaxHeaderLength must be between 16 and 65551")]
    [InlineData("MaxHeaderLength", "65552", "MaxHeaderLength must be between 16 and 65551")]
    public void Binding_out_of_range_fails_with_the_cores_rule(string key, string value, string rule)
    {
        var options = Bind(new() { ["ProxyProtocol:" + key] = value });
        var result = new ProxyProtocolOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"ProxyProtocol:{key}: '{value}' is out of range. {rule}", result.FailureMessage, StringComparison.Ordinal);
        Assert.Same(ProxyParserOptions.Default, options.Parser);
    }

    [Fact]
    public void Validation_rejects_undefined_policies()
    {
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, new ProxyProtocolOptions { UntrustedPeerPolicy = (UntrustedPeerPolicy)7 }).Failed);
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, new ProxyProtocolOptions { ForwardedHeaders = (ForwardedHeadersHygiene)7 }).Failed);
        Assert.Throws<ArgumentNullException>(() => new ProxyProtocolOptions { Parser = null! });
    }

    [Fact]
    public void AddProxyProtocol_binds_then_applies_code_and_validates_on_resolve()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ProxyProtocol:TrustedNetworks:0"] = "10.0.0.0/8",
            ["ProxyProtocol:HeaderTimeout"] = "00:00:02",
        }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddProxyProtocol(o => o.TrustedNetworks.Add(IPNetwork.Parse("192.168.0.0/16")))
            .AddProxyProtocol() // idempotent
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value;
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("192.168.0.0/16")], options.TrustedNetworks);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Parser.HeaderTimeout);

        // Code that sets one parser value keeps the ones configuration gave.
        using var withCode = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddProxyProtocol(o => o.Parser = o.Parser with { MaxHeaderLength = 8192 })
            .BuildServiceProvider();
        Assert.Equal(ProxyParserOptions.Default with { HeaderTimeout = TimeSpan.FromSeconds(2), MaxHeaderLength = 8192 }, withCode.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value.Parser);

        using var bad = new ServiceCollection().AddProxyProtocol(o => o.UntrustedPeerPolicy = (UntrustedPeerPolicy)9).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value);
    }

    [Fact]
    public void TrustedPeers_unmaps_configured_ipv4_mapped_networks()
    {
        var peers = new TrustedPeers([IPNetwork.Parse("::ffff:10.0.0.0/104")]);
        Assert.True(peers.IsTrusted(IPEndPoint.Parse("10.9.8.7:1")));
        Assert.True(peers.IsTrusted(IPEndPoint.Parse("[::ffff:10.9.8.7]:1")));
        Assert.False(peers.IsTrusted(IPEndPoint.Parse("11.0.0.1:1")));
        Assert.False(peers.IsTrusted(IPEndPoint.Parse("[2001:db8::1]:1")));
        Assert.True(new TrustedPeers([]).IsTrusted(IPEndPoint.Parse("203.0.113.1:1")));
    }

    /// <summary>Every endpoint starts from a copy of the app's options: an option that Copy forgot would silently be
    /// its default on every endpoint. Each property is set away from its default here, so a new one fails until set.</summary>
    [Fact]
    public void Copy_carries_every_option_and_owns_its_list()
    {
        var options = new ProxyProtocolOptions
        {
            Parser = ProxyParserOptions.Default with { HeaderTimeout = TimeSpan.FromSeconds(3) },
            HeaderRequired = false,
            UntrustedPeerPolicy = UntrustedPeerPolicy.Skip,
            ForwardedHeaders = ForwardedHeadersHygiene.Off,
            SetHttpsSchemeFromSslTlv = true,
        };
        options.TrustedNetworks.Add(IPNetwork.Parse("10.0.0.0/8"));
        var defaults = new ProxyProtocolOptions();
        var copy = options.Copy();
        foreach (var property in typeof(ProxyProtocolOptions).GetProperties())
        {
            if (property.GetValue(options) is IList<IPNetwork> list)
            {
                Assert.NotEqual(((IList<IPNetwork>)property.GetValue(defaults)!).Count, list.Count);
                Assert.Equal(list, (IList<IPNetwork>)property.GetValue(copy)!);
                Assert.NotSame(list, property.GetValue(copy));
            }
            else
            {
                Assert.NotEqual(property.GetValue(defaults), property.GetValue(options));
                Assert.Equal(property.GetValue(options), property.GetValue(copy));
            }
        }
    }

    /// <summary>Every option, and every parser option but the one the host ignores, is a configuration key.</summary>
    [Fact]
    public void Every_option_is_a_configuration_key()
    {
        var names = typeof(ProxyProtocolOptions).GetProperties().Where(p => p.Name != nameof(ProxyProtocolOptions.Parser))
            .Concat(typeof(ProxyParserOptions).GetProperties().Where(p => p.CanWrite && p.Name != nameof(ProxyParserOptions.IncludeInputInErrors)))
            .Select(p => p.Name);
        foreach (var name in names)
        {
            var errors = BindingErrors.Get(Bind(new() { ["ProxyProtocol:" + name] = "?" }));
            Assert.DoesNotContain(errors, e => e.Contains("is not a PROXY protocol option", StringComparison.Ordinal));
        }
    }

    private static ProxyProtocolOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new ProxyProtocolOptions();
        new ProxyProtocolOptionsBinder(configuration).Configure(options);
        return options;
    }
}
