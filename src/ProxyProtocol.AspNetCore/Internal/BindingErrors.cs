using System.Runtime.CompilerServices;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Configuration values that did not parse, kept beside the options object they were bound onto (not on the public
/// type) until the validator reports them at startup.
/// </summary>
internal static class BindingErrors
{
    private static readonly ConditionalWeakTable<ProxyProtocolOptions, List<string>> Table = new();

    public static void Add(ProxyProtocolOptions options, string error) => Table.GetOrCreateValue(options).Add(error);

    public static IReadOnlyList<string> Get(ProxyProtocolOptions options) => Table.TryGetValue(options, out var errors) ? errors : [];
}
