using Microsoft.AspNetCore.Http;

namespace ProxyProtocol.AspNetCore;

/// <summary>Access to the PROXY header from an <see cref="HttpContext"/>.</summary>
public static class ProxyProtocolHttpContextExtensions
{
    /// <summary>Gets the PROXY header the request's connection started with, or null when there was none
    /// (PROXY protocol not enabled on the endpoint, or the peer was skipped as untrusted).</summary>
    /// <param name="context">The request's context.</param>
    /// <returns>The header, or null.</returns>
    public static ProxyHeader? GetProxyHeader(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IProxyProtocolFeature>()?.Header;
    }
}
