using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreTheSafeOnes()
    {
        var options = new ProxyProtocolOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.HeaderTimeout);
        Assert.Equal(4096, options.MaxHeaderLength);
        Assert.Equal(ProxyVersions.All, options.AcceptedVersions);
        Assert.True(options.RejectCrc32CMismatch);
        Assert.False(options.AllowIPv4InTcp6);
        Assert.Empty(options.TrustedNetworks);
        Assert.Equal(UntrustedPeerPolicy.Reject, options.UntrustedPeerPolicy);
        Assert.Equal(ForwardedHeadersHygiene.Rewrite, options.ForwardedHeaders);
        Assert.False(options.SetHttpsSchemeFromSslTlv);
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Binding_ReadsEverySetting()
    {
        var options = Bind(new()
        {
            ["ProxyProtocol:HeaderTimeout"] = "00:00:03",
            ["ProxyProtocol:MaxHeaderLength"] = "8192",
            ["ProxyProtocol:AcceptedVersions"] = "V2",
            ["ProxyProtocol:RejectCrc32CMismatch"] = "false",
            ["ProxyProtocol:AllowIPv4InTcp6"] = "true",
            ["ProxyProtocol:TrustedNetworks:0"] = "10.0.0.0/8",
            ["ProxyProtocol:TrustedNetworks:1"] = "2001:db8::/32, 192.0.2.7",
            ["ProxyProtocol:UntrustedPeerPolicy"] = "skip",
            ["ProxyProtocol:ForwardedHeaders"] = "Strip",
            ["ProxyProtocol:SetHttpsSchemeFromSslTlv"] = "true",
        });

        Assert.Empty(BindingErrors.Get(options));
        Assert.Equal(TimeSpan.FromSeconds(3), options.HeaderTimeout);
        Assert.Equal(8192, options.MaxHeaderLength);
        Assert.Equal(ProxyVersions.V2, options.AcceptedVersions);
        Assert.False(options.RejectCrc32CMismatch);
        Assert.True(options.AllowIPv4InTcp6);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8::/32"), IPNetwork.Parse("192.0.2.7/32")], options.TrustedNetworks);
        Assert.Equal(UntrustedPeerPolicy.Skip, options.UntrustedPeerPolicy);
        Assert.Equal(ForwardedHeadersHygiene.Strip, options.ForwardedHeaders);
        Assert.True(options.SetHttpsSchemeFromSslTlv);
    }

    [Fact]
    public void Binding_AcceptsOneCommaSeparatedString()
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
    public void Binding_BadValue_FailsValidationWithTheKey(string key, string value)
    {
        var options = Bind(new() { ["ProxyProtocol:" + key] = value });
        var result = new ProxyProtocolOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(key.Split(':')[0], result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(-1, 4096)]
    [InlineData(10, 15)]
    [InlineData(10, 65552)]
    public void Validation_RejectsOutOfRangeValues(int timeoutSeconds, int maxLength)
    {
        var options = new ProxyProtocolOptions { HeaderTimeout = TimeSpan.FromSeconds(timeoutSeconds), MaxHeaderLength = maxLength };
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, options).Failed);
    }

    [Fact]
    public void Validation_RejectsInfiniteTimeoutAndNoVersions()
    {
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, new ProxyProtocolOptions { HeaderTimeout = Timeout.InfiniteTimeSpan }).Failed);
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, new ProxyProtocolOptions { AcceptedVersions = 0 }).Failed);
        Assert.True(new ProxyProtocolOptionsValidator().Validate(null, new ProxyProtocolOptions { UntrustedPeerPolicy = (UntrustedPeerPolicy)7 }).Failed);
    }

    [Fact]
    public void AddProxyProtocol_BindsThenAppliesCode_AndValidatesOnResolve()
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
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeaderTimeout);

        using var bad = new ServiceCollection().AddProxyProtocol(o => o.MaxHeaderLength = 1).BuildServiceProvider();
        Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<ProxyProtocolOptions>>().Value);
    }

    [Fact]
    public void TrustedPeers_UnmapsConfiguredIPv4MappedNetworks()
    {
        var peers = new TrustedPeers([IPNetwork.Parse("::ffff:10.0.0.0/104")]);
        Assert.True(peers.IsTrusted(IPEndPoint.Parse("10.9.8.7:1")));
        Assert.True(peers.IsTrusted(IPEndPoint.Parse("[::ffff:10.9.8.7]:1")));
        Assert.False(peers.IsTrusted(IPEndPoint.Parse("11.0.0.1:1")));
        Assert.False(peers.IsTrusted(IPEndPoint.Parse("[2001:db8::1]:1")));
        Assert.True(new TrustedPeers([]).IsTrusted(IPEndPoint.Parse("203.0.113.1:1")));
    }

    private static ProxyProtocolOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new ProxyProtocolOptions();
        new ProxyProtocolOptionsBinder(configuration).Configure(options);
        return options;
    }
}
