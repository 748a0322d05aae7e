using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Binds the <c>ProxyProtocol</c> section by hand: no reflection (trimming/AOT-safe), CIDR strings become
/// <see cref="IPNetwork"/>, and a value that does not parse, or a key that is not an option, is reported by the
/// validator at startup instead of being silently ignored. Each endpoint's section under <c>ProxyProtocol:Endpoints</c>
/// is checked here as well, and applied when the endpoint is built (<see cref="EndpointSettings"/>).
/// </summary>
internal sealed class ProxyProtocolOptionsBinder(IConfiguration? configuration) : IConfigureOptions<ProxyProtocolOptions>
{
    public const string EndpointsKey = "Endpoints";
    public const string EnabledKey = "Enabled";

    public void Configure(ProxyProtocolOptions options)
    {
        if (configuration is null)
        {
            return;
        }

        var errors = new List<string>();
        Bind(configuration, ProxyProtocolOptions.SectionName, options, errors);
        var endpoints = configuration.GetSection(ConfigurationPath.Combine(ProxyProtocolOptions.SectionName, EndpointsKey));
        RequireSection(endpoints, $"the keys under it are endpoint names or ports, such as {endpoints.Path}:Admin:Enabled", errors);
        foreach (var endpoint in endpoints.GetChildren())
        {
            // ProxyProtocol__Endpoints__Admin=false would otherwise leave PROXY protocol on that endpoint, silently.
            RequireSection(endpoint, $"an endpoint's settings are keys under it, such as {endpoint.Path}:{EnabledKey}", errors);
            Bind(configuration, endpoint.Path, options.Copy(), errors);
            ReadEnabled(configuration, endpoint.Path, errors);
        }

        foreach (var error in errors)
        {
            BindingErrors.Add(options, error);
        }
    }

    /// <summary>Binds the section at <paramref name="sectionPath"/> of <paramref name="root"/> onto <paramref name="options"/>:
    /// each key present replaces that option; <c>TrustedNetworks</c> as the latest source gives it.</summary>
    public static void Bind(IConfiguration root, string sectionPath, ProxyProtocolOptions options, List<string> errors)
    {
        var section = root.GetSection(sectionPath);
        var isEndpoint = sectionPath.Length > ProxyProtocolOptions.SectionName.Length;
        foreach (var child in section.GetChildren())
        {
            if (!IsOption(child.Key, isEndpoint))
            {
                errors.Add($"{child.Path}: '{child.Key}' is not a PROXY protocol option.");
            }
        }

        var reader = new Reader(section, errors);
        // The parser's keys sit flat in the section; ProxyParserOptions checks each value's range as it is set.
        reader.Read<TimeSpan>(nameof(ProxyParserOptions.HeaderTimeout), s => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : null, v => options.Parser = options.Parser with { HeaderTimeout = v }, "a time span such as 00:00:05");
        reader.Read<int>(nameof(ProxyParserOptions.MaxHeaderLength), s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null, v => options.Parser = options.Parser with { MaxHeaderLength = v }, "an integer");
        reader.Read(nameof(ProxyParserOptions.AcceptedVersions), ParseEnum<ProxyVersions>, v => options.Parser = options.Parser with { AcceptedVersions = v }, "V1, V2 or All");
        reader.Read(nameof(ProxyParserOptions.RejectCrc32CMismatch), ParseBool, v => options.Parser = options.Parser with { RejectCrc32CMismatch = v }, "true or false");
        reader.Read(nameof(ProxyParserOptions.AllowIPv4InTcp6), ParseBool, v => options.Parser = options.Parser with { AllowIPv4InTcp6 = v }, "true or false");
        reader.Read(nameof(ProxyParserOptions.AllowTransportMismatch), ParseBool, v => options.Parser = options.Parser with { AllowTransportMismatch = v }, "true or false");
        reader.Read(nameof(options.HeaderRequired), ParseBool, v => options.HeaderRequired = v, "true or false");
        reader.Read(nameof(options.UntrustedPeerPolicy), ParseEnum<UntrustedPeerPolicy>, v => options.UntrustedPeerPolicy = v, "Reject or Skip");
        reader.Read(nameof(options.ForwardedHeaders), ParseEnum<ForwardedHeadersHygiene>, v => options.ForwardedHeaders = v, "Rewrite, Strip or Off");
        reader.Read(nameof(options.SetHttpsSchemeFromSslTlv), ParseBool, v => options.SetHttpsSchemeFromSslTlv = v, "true or false");

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
                if (ProxyAddressText.TryParseNetwork(item, out var network))
                {
                    options.TrustedNetworks.Add(network);
                }
                else
                {
                    errors.Add($"{sectionPath}:TrustedNetworks: '{item}' is not a network in CIDR form (such as 10.0.0.0/8 or 2001:db8::/32, with no host bits set) or an IP address.");
                }
            }
        }
    }

    private static void RequireSection(IConfigurationSection section, string expected, List<string> errors)
    {
        if (!string.IsNullOrEmpty(section.Value))
        {
            errors.Add($"{section.Path}: '{section.Value}' is not valid; {expected}.");
        }
    }

    /// <summary>An endpoint section's <c>Enabled</c>: null when absent.</summary>
    public static bool? ReadEnabled(IConfiguration root, string sectionPath, List<string> errors)
    {
        bool? enabled = null;
        new Reader(root.GetSection(sectionPath), errors).Read(EnabledKey, ParseBool, v => enabled = v, "true or false");
        return enabled;
    }

    private static bool IsOption(string key, bool isEndpoint) =>
        key.Equals(isEndpoint ? EnabledKey : EndpointsKey, StringComparison.OrdinalIgnoreCase)
        || Array.Exists(OptionNames, name => name.Equals(key, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] OptionNames =
    [
        nameof(ProxyParserOptions.HeaderTimeout), nameof(ProxyParserOptions.MaxHeaderLength), nameof(ProxyParserOptions.AcceptedVersions),
        nameof(ProxyParserOptions.RejectCrc32CMismatch), nameof(ProxyParserOptions.AllowIPv4InTcp6), nameof(ProxyParserOptions.AllowTransportMismatch),
        nameof(ProxyProtocolOptions.HeaderRequired),
        nameof(ProxyProtocolOptions.TrustedNetworks), nameof(ProxyProtocolOptions.UntrustedPeerPolicy), nameof(ProxyProtocolOptions.ForwardedHeaders),
        nameof(ProxyProtocolOptions.SetHttpsSchemeFromSslTlv),
    ];

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

    private readonly struct Reader(IConfigurationSection section, List<string> errors)
    {
        public void Read<T>(string key, Func<string, T?> parse, Action<T> assign, string expected)
            where T : struct
        {
            var text = section[key];
            if (text is null)
            {
                return;
            }

            var path = ConfigurationPath.Combine(section.Path, key);
            if (parse(text.Trim()) is not { } value)
            {
                errors.Add($"{path}: '{text}' is not valid; expected {expected}.");
                return;
            }

            try
            {
                assign(value);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                errors.Add($"{path}: '{text}' is out of range. {ex.Message.ReplaceLineEndings(" ")}");
            }
        }
    }
}
