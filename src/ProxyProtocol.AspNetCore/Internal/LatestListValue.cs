using Microsoft.Extensions.Configuration;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Reads a list from configuration as the latest source gives it. The merged view mixes sources: an environment
/// variable <c>X=a</c> (the key's own value) sits beside <c>X:0</c> and <c>X:1</c> from appsettings.json, and
/// <c>X__0=a</c> overrides only the first array entry. So the sources are asked one by one, latest first, and the first
/// that gives the key a non-blank value (its own, or array entries) supplies the whole list.
/// </summary>
internal static class LatestListValue
{
    /// <summary>The raw items of <paramref name="path"/> from the latest source that sets it, or null when none does.
    /// A blank value (an empty variable, <c>[]</c>) counts as not set: configuration cannot empty a list an earlier
    /// source gave.</summary>
    public static List<string>? Get(IConfiguration configuration, string path)
    {
        if (configuration is not IConfigurationRoot root)
        {
            return FromMerged(configuration.GetSection(path));
        }

        foreach (var provider in root.Providers.Reverse())
        {
            var items = provider is ChainedConfigurationProvider chained
                ? Get(chained.Configuration, path)
                : FromProvider(provider, path);
            if (items is { Count: > 0 })
            {
                return items;
            }
        }

        return null;
    }

    private static List<string>? FromProvider(IConfigurationProvider provider, string path)
    {
        var items = new List<string>();
        if (provider.TryGet(path, out var own))
        {
            Add(items, own);
        }

        foreach (var child in provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (provider.TryGet(ConfigurationPath.Combine(path, child), out var value))
            {
                Add(items, value);
            }
        }

        return items;
    }

    private static List<string> FromMerged(IConfigurationSection section)
    {
        // Without the sources, the key's own value wins over array entries (the usual layering: a variable over a file).
        var items = new List<string>();
        Add(items, section.Value);
        if (items.Count == 0)
        {
            foreach (var child in section.GetChildren())
            {
                Add(items, child.Value);
            }
        }

        return items;
    }

    private static void Add(List<string> items, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            items.Add(value);
        }
    }
}
