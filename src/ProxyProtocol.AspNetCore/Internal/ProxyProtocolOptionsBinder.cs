using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Binds the <c>ProxyProtocol</c> section by hand: no reflection (trimming/AOT-safe), CIDR strings become
/// <see cref="IPNetwork"/>, and a value that does not parse is reported by the validator at startup instead of being
/// silently ignored.
/// </summary>
internal sealed class ProxyProtocolOptionsBinder(IConfiguration? configuration) : IConfigureOptions<ProxyProtocolOptions>
{
    public void Configure(ProxyProtocolOptions options)
    {
        if (configuration is not null)
        {
            Bind(configuration, ProxyProtocolOptions.SectionName, options);
        }
    }

    /// <summary>Binds the section at <paramref name="sectionPath"/> of <paramref name="root"/> onto <paramref name="options"/>.</summary>
    public static void Bind(IConfiguration root, string sectionPath, ProxyProtocolOptions options)
    {
        var section = root.GetSection(sectionPath);
        Read<TimeSpan>(section, nameof(options.HeaderTimeout), s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : null, v => options.HeaderTimeout = v, "a time span such as 00:00:05", options);
        Read<int>(section, nameof(options.MaxHeaderLength), s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null, v => options.MaxHeaderLength = v, "an integer", options);
        Read(section, nameof(options.AcceptedVersions), ParseEnum<ProxyVersions>, v => options.AcceptedVersions = v, "V1, V2 or All", options);
        Read(section, nameof(options.RejectCrc32CMismatch), ParseBool, v => options.RejectCrc32CMismatch = v, "true or false", options);
        Read(section, nameof(options.AllowIPv4InTcp6), ParseBool, v => options.AllowIPv4InTcp6 = v, "true or false", options);
        Read(section, nameof(options.UntrustedPeerPolicy), ParseEnum<UntrustedPeerPolicy>, v => options.UntrustedPeerPolicy = v, "Reject or Skip", options);
        Read(section, nameof(options.ForwardedHeaders), ParseEnum<ForwardedHeadersHygiene>, v => options.ForwardedHeaders = v, "Rewrite, Strip or Off", options);
        Read(section, nameof(options.SetHttpsSchemeFromSslTlv), ParseBool, v => options.SetHttpsSchemeFromSslTlv = v, "true or false", options);

        // A list from configuration replaces the one before it; code that runs after binding can still add to it.
        if (LatestListValue.Get(root, ConfigurationPath.Combine(sectionPath, nameof(options.TrustedNetworks))) is not { } values)
        {
            return;
        }

        options.TrustedNetworks.Clear();
        foreach (var value in values)
        {
            foreach (var item in value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (TryParseNetwork(item, out var network))
                {
                    options.TrustedNetworks.Add(network);
                }
                else
                {
                    options.BindingErrors.Add($"{sectionPath}:TrustedNetworks: '{item}' is not a network in CIDR form (such as 10.0.0.0/8 or 2001:db8::/32, with no host bits set) or an IP address.");
                }
            }
        }
    }

    /// <summary>Parses <c>a.b.c.d/n</c>, <c>x::y/n</c>, or a bare address (one host).</summary>
    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            // Host bits after the prefix ("10.0.0.1/8") are almost always a typo for another prefix: refuse them.
            return IPNetwork.TryParse(text, out network)
                && TryParseNetwork(text[..slash], out var host)
                && host.BaseAddress.Equals(network.BaseAddress);
        }

        // IPAddress.TryParse alone accepts forms such as "10.1" and "[::1]"; require the canonical shapes.
        if (IPAddress.TryParse(text, out var address) && !text.Contains('[', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || text.Count(c => c == '.') == 3))
        {
            network = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        network = default;
        return false;
    }

    private static void Read<T>(IConfiguration section, string key, Func<string, T?> parse, Action<T> assign, string expected, ProxyProtocolOptions options)
        where T : struct
    {
        var text = section[key];
        if (text is null)
        {
            return;
        }

        if (parse(text.Trim()) is { } value)
        {
            assign(value);
        }
        else
        {
            options.BindingErrors.Add($"{ProxyProtocolOptions.SectionName}:{key}: '{text}' is not valid; expected {expected}.");
        }
    }

    private static bool? ParseBool(string text) => bool.TryParse(text, out var v) ? v : null;

    private static T? ParseEnum<T>(string text)
        where T : struct, Enum
    {
        // Names only: a number would bypass the check that the value is defined.
        if (text.Length == 0 || char.IsAsciiDigit(text[0]) || text[0] == '-' || text[0] == '+')
        {
            return null;
        }

        return Enum.TryParse<T>(text, ignoreCase: true, out var v) ? v : null;
    }
}
