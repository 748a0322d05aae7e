using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>
/// Puts the forwarded-header middleware at the very front of the app's pipeline, and once the server has started
/// warns about endpoint sections that matched no endpoint (a mistyped name would otherwise leave its settings unused).
/// </summary>
internal sealed class ProxyProtocolStartupFilter(ProxyProtocolServicesMarker marker, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory, IConfiguration? configuration = null)
    : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(inner => new ForwardedHeadersHygieneMiddleware(inner).InvokeAsync);
        if (configuration is not null)
        {
            lifetime.ApplicationStarted.Register(() => WarnAboutUnmatchedSections(configuration));
        }

        next(app);
    };

    private void WarnAboutUnmatchedSections(IConfiguration configuration)
    {
        var logger = loggerFactory.CreateLogger(EndpointRegistration.LoggerCategory);
        var endpoints = configuration.GetSection(ConfigurationPath.Combine(ProxyProtocolOptions.SectionName, ProxyProtocolOptionsBinder.EndpointsKey));
        foreach (var section in endpoints.GetChildren())
        {
            if (!marker.MatchedSections.ContainsKey(section.Path))
            {
                Log.EndpointSectionUnmatched(logger, section.Path);
            }
        }
    }
}

/// <summary>Marks a service collection in which <c>AddProxyProtocol</c> has run, and records which endpoint sections
/// applied to an endpoint.</summary>
internal sealed class ProxyProtocolServicesMarker
{
    public ConcurrentDictionary<string, bool> MatchedSections { get; } = new(StringComparer.OrdinalIgnoreCase);
}
