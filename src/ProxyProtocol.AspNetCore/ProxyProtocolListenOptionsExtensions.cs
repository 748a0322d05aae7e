using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProxyProtocol.AspNetCore.Internal;

namespace ProxyProtocol.AspNetCore;

/// <summary>Enables PROXY protocol on one Kestrel endpoint.</summary>
public static class ProxyProtocolListenOptionsExtensions
{
    /// <summary>
    /// Requires a PROXY header at the start of every connection to this endpoint. Call it before <c>UseHttps</c> (the
    /// header precedes the TLS handshake; the wrong order throws) and before any other connection middleware. The
    /// options start from the app's <see cref="ProxyProtocolOptions"/> when
    /// <see cref="ProxyProtocolServiceCollectionExtensions.AddProxyProtocol"/> has run, else from the defaults, and are
    /// validated here.
    /// </summary>
    /// <param name="listenOptions">The endpoint.</param>
    /// <param name="configure">Adjusts this endpoint's options.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="InvalidOperationException">TLS is already configured on the endpoint, or PROXY protocol already is.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    public static ListenOptions UseProxyProtocol(this ListenOptions listenOptions, Action<ProxyProtocolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        var options = EndpointRegistration.CreateOptions(listenOptions);
        configure?.Invoke(options);
        EndpointRegistration.Register(listenOptions, options);
        return listenOptions;
    }
}
