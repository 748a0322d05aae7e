namespace ProxyProtocol.AspNetCore;

/// <summary>What to do with a connection whose peer is outside a non-empty <see cref="ProxyProtocolOptions.TrustedNetworks"/> list.</summary>
public enum UntrustedPeerPolicy
{
    /// <summary>Close the connection without reading anything (the default).</summary>
    Reject = 0,

    /// <summary>
    /// Treat the peer as a direct client: no header is read, the socket's endpoints stand and no
    /// <see cref="IProxyProtocolFeature"/> is added. Use it when the same port also serves clients that bypass the balancer
    /// and the balancer's addresses are known.
    /// </summary>
    Skip = 1,
}
