namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Copies options, so one endpoint's changes stay its own.</summary>
internal static class ProxyProtocolOptionsCopy
{
    public static ProxyProtocolOptions Copy(this ProxyProtocolOptions options)
    {
        var copy = new ProxyProtocolOptions
        {
            Parser = options.Parser,
            HeaderRequired = options.HeaderRequired,
            UntrustedPeerPolicy = options.UntrustedPeerPolicy,
            ForwardedHeaders = options.ForwardedHeaders,
            SetHttpsSchemeFromSslTlv = options.SetHttpsSchemeFromSslTlv,
        };
        foreach (var network in options.TrustedNetworks)
        {
            copy.TrustedNetworks.Add(network);
        }

        return copy;
    }
}
