using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore;

/// <summary>Registers PROXY protocol services.</summary>
public static class ProxyProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProxyProtocolOptions"/> (bound from the <c>ProxyProtocol</c> configuration section, then
    /// <paramref name="configure"/>, validated at startup), the meter, and the forwarded-header middleware at the front
    /// of the HTTP pipeline. It does not enable PROXY protocol on any endpoint: use
    /// <see cref="ProxyProtocolWebHostBuilderExtensions.UseProxyProtocol"/> for all endpoints or
    /// <see cref="ProxyProtocolListenOptionsExtensions.UseProxyProtocol"/> for one.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adjusts the options after configuration binding.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddProxyProtocol(this IServiceCollection services, Action<ProxyProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(d => d.ServiceType == typeof(ProxyProtocolServicesMarker)))
        {
            services.AddSingleton<ProxyProtocolServicesMarker>();
            services.AddOptions<ProxyProtocolOptions>().ValidateOnStart();
            services.AddSingleton<IConfigureOptions<ProxyProtocolOptions>>(sp => new ProxyProtocolOptionsBinder(sp.GetService<IConfiguration>()));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProxyProtocolOptions>, ProxyProtocolOptionsValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ProxyProtocolStartupFilter>());
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }
}
