using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Puts the forwarded-header middleware at the very front of the app's pipeline.</summary>
internal sealed class ProxyProtocolStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(inner => new ForwardedHeadersHygieneMiddleware(inner).InvokeAsync);
        next(app);
    };
}

/// <summary>Marks a service collection in which <c>AddProxyProtocol</c> has run.</summary>
internal sealed class ProxyProtocolServicesMarker;
