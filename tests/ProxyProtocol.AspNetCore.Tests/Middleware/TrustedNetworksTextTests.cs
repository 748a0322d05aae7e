using System.Net;
using Microsoft.Extensions.Configuration;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore.Tests.Middleware;

/// <summary>
/// <c>TrustedNetworks</c> from configuration is read with <see cref="ProxyAddressText.TryParseNetwork"/>: a text the BCL
/// would read as another network (octal or hexadecimal IPv4 parts, short forms, a padded prefix) is a startup error, not
/// a trusted network nobody meant.
/// </summary>
public sealed class TrustedNetworksTextTests
{
    [Theory]
    [InlineData("010.0.0.0/8")] // IPNetwork.TryParse reads 8.0.0.0/8
    [InlineData("010.0.0.1")] // IPAddress.TryParse reads 8.0.0.1
    [InlineData("0x0a.0.0.1")]
    [InlineData("10.0.0.0/08")]
    [InlineData("10.0.0.0/ 8")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("167772160/8")]
    [InlineData("10.0/16")]
    [InlineData("fe80::%1/64")]
    [InlineData("[2001:db8::]/32")]
    public void Binding_text_the_bcl_reads_another_way_fails_validation(string value)
    {
        var options = Bind(value);
        Assert.Empty(options.TrustedNetworks);
        var result = new ProxyProtocolOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains($"'{value}' is not a network", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("192.0.2.7", "192.0.2.7/32")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104")]
    [InlineData("::1", "::1/128")]
    public void Binding_networks_and_single_hosts_are_bound(string value, string expected) =>
        Assert.Equal([IPNetwork.Parse(expected)], Bind(value).TrustedNetworks);

    private static ProxyProtocolOptions Bind(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ProxyProtocol:TrustedNetworks:0"] = value })
            .Build();
        var options = new ProxyProtocolOptions();
        new ProxyProtocolOptionsBinder(configuration).Configure(options);
        return options;
    }
}
