using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// An endpoint's own settings: the section of <c>ProxyProtocol:Endpoints</c> named after it (an endpoint from
/// <c>Kestrel:Endpoints</c> by its name, any other by its port) overrides the options the endpoint was registered
/// with, key by key, and may switch PROXY protocol off with <c>Enabled: false</c>.
/// </summary>
internal static class EndpointSettings
{
    /// <summary>The path of the endpoint's section, or null when it has none.</summary>
    public static string? FindSection(IConfiguration configuration, ListenOptions listenOptions)
    {
        var endpoints = configuration.GetSection(ConfigurationPath.Combine(ProxyProtocolOptions.SectionName, ProxyProtocolOptionsBinder.EndpointsKey));
        if (!endpoints.Exists())
        {
            return null;
        }

        if (!KestrelInternals.CanReadEndpointNames && endpoints.GetChildren().Any(c => !int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            throw new InvalidOperationException(
                $"{endpoints.Path} names endpoints, but this version of Kestrel does not tell which endpoint has which name. Use ports as keys.");
        }

        var name = KestrelInternals.GetEndpointName(listenOptions);
        var key = name ?? (listenOptions.IPEndPoint is { Port: > 0 } ip ? ip.Port.ToString(CultureInfo.InvariantCulture) : null);
        var section = key is null ? null : endpoints.GetSection(key);
        return section is not null && section.Exists() ? section.Path : null;
    }

    /// <summary>The options the endpoint runs with: <paramref name="registered"/> with its section's keys applied, or
    /// null when the section switches PROXY protocol off. A bad value stops the host.</summary>
    public static ProxyProtocolOptions? Apply(IConfiguration configuration, string section, ProxyProtocolOptions registered)
    {
        var own = registered.Copy();
        var errors = new List<string>();
        ProxyProtocolOptionsBinder.Bind(configuration, section, own, errors);
        var enabled = ProxyProtocolOptionsBinder.ReadEnabled(configuration, section, errors);
        ProxyProtocolOptionsValidator.ThrowIfInvalid(own, errors);
        return enabled == false ? null : own;
    }

    /// <summary>What the startup log says about an endpoint's effective options.</summary>
    public static string Describe(ProxyProtocolOptions options)
    {
        var text = new StringBuilder();
        var parser = options.Parser;
        text.Append(CultureInfo.InvariantCulture, $"header {(options.HeaderRequired ? "required" : "optional")}, versions {parser.AcceptedVersions}, ");
        text.Append(CultureInfo.InvariantCulture, $"header timeout {(parser.HeaderTimeout == Timeout.InfiniteTimeSpan ? "infinite" : parser.HeaderTimeout)}, max header length {parser.MaxHeaderLength}, ");
        text.Append(Networks(options.TrustedNetworks));
        text.Append(CultureInfo.InvariantCulture, $", untrusted peers {options.UntrustedPeerPolicy}, forwarded headers {options.ForwardedHeaders}");
        if (!parser.RejectCrc32CMismatch)
        {
            text.Append(", CRC32C mismatches accepted");
        }

        if (parser.AllowIPv4InTcp6)
        {
            text.Append(", IPv4 in TCP6 accepted");
        }

        if (parser.AllowTransportMismatch)
        {
            text.Append(", DGRAM headers accepted");
        }

        if (options.SetHttpsSchemeFromSslTlv)
        {
            text.Append(", https scheme from the SSL TLV");
        }

        return text.ToString();
    }

    private static string Networks(ICollection<IPNetwork> networks) => networks.Count switch
    {
        0 => "no trusted networks (any peer may send a header)",
        1 => $"1 trusted network: {networks.First()}",
        _ => string.Create(CultureInfo.InvariantCulture, $"{networks.Count} trusted networks: {string.Join(", ", networks)}"),
    };
}
