using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore;

/// <summary>Enables PROXY protocol on every Kestrel endpoint of a web host.</summary>
public static class ProxyProtocolWebHostBuilderExtensions
{
    /// <summary>
    /// Requires a PROXY header on every Kestrel endpoint (from <c>Listen</c>, <c>--urls</c>, <c>ASPNETCORE_URLS</c> and
    /// configuration), read before TLS, with options from the <c>ProxyProtocol</c> configuration section and
    /// <paramref name="configure"/>; adds the forwarded-header middleware. Call it before <c>ConfigureKestrel</c> code
    /// that calls <c>Listen</c>: an endpoint left without PROXY protocol stops the host at startup with an explanation.
    /// HTTP/3 (QUIC) connections are not covered: the PROXY protocol has no place in QUIC.
    /// </summary>
    /// <param name="builder">The web host builder (<c>builder.WebHost</c>).</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static IWebHostBuilder UseProxyProtocol(this IWebHostBuilder builder, Action<ProxyProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureServices(services =>
        {
            services.AddProxyProtocol(configure);
            services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<KestrelServerOptions>, EndpointDefaultsSetup>());
            services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<KestrelServerOptions>, EndpointDefaultsSetup.Check>());
        });
        return builder;
    }
}
