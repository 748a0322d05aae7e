using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Applies PROXY protocol to every endpoint through Kestrel's endpoint defaults, which Kestrel runs on each endpoint
/// (from <c>Listen</c>, <c>--urls</c>, <c>ASPNETCORE_URLS</c> or configuration) before its own configuration and before
/// TLS. Kestrel keeps one defaults action, so ours is chained in front of any set earlier.
/// </summary>
internal sealed class EndpointDefaultsSetup(IOptions<ProxyProtocolOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    private static readonly ConditionalWeakTable<KestrelServerOptions, Action<ListenOptions>> Installed = new();

    public void Configure(KestrelServerOptions kestrel)
    {
        var earlier = KestrelInternals.GetEndpointDefaults(kestrel);
        Action<ListenOptions> defaults = listenOptions =>
        {
            Apply(listenOptions, options);
            earlier?.Invoke(listenOptions);
        };
        kestrel.ConfigureEndpointDefaults(defaults);
        Installed.AddOrUpdate(kestrel, defaults);
    }

    private static void Apply(ListenOptions listenOptions, IOptions<ProxyProtocolOptions> options) =>
        EndpointRegistration.Register(listenOptions, options.Value.Copy());

    /// <summary>After all configuration: chain again if a later ConfigureEndpointDefaults replaced ours, and prove
    /// that every endpoint added with Listen has PROXY protocol.</summary>
    internal sealed class Check(IOptions<ProxyProtocolOptions> options, ILoggerFactory loggerFactory) : IPostConfigureOptions<KestrelServerOptions>
    {
        public void PostConfigure(string? name, KestrelServerOptions kestrel)
        {
            if (!Installed.TryGetValue(kestrel, out var ours) || !KestrelInternals.CanReadEndpointDefaults)
            {
                return;
            }

            var current = KestrelInternals.GetEndpointDefaults(kestrel);
            if (!ReferenceEquals(current, ours))
            {
                kestrel.ConfigureEndpointDefaults(listenOptions =>
                {
                    Apply(listenOptions, options);
                    current?.Invoke(listenOptions);
                });
                Log.EndpointDefaultsRechained(loggerFactory.CreateLogger(EndpointRegistration.LoggerCategory));
            }

            foreach (var listenOptions in KestrelInternals.GetCodeBackedListenOptions(kestrel) ?? [])
            {
                if (!EndpointRegistration.IsEnabled(listenOptions))
                {
                    throw new InvalidOperationException(
                        $"Endpoint {listenOptions} was added before builder.WebHost.UseProxyProtocol() took effect (or after ConfigureEndpointDefaults replaced its defaults), so it would accept connections without a PROXY header. " +
                        "Call UseProxyProtocol() before ConfigureKestrel/Listen, or call listenOptions.UseProxyProtocol() on that endpoint.");
                }
            }
        }
    }
}
