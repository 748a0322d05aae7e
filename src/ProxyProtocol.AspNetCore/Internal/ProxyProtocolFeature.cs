using System.Net;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>The feature set on a connection whose header was accepted, with the endpoint's HTTP-side settings.</summary>
internal sealed class ProxyProtocolFeature(ProxyHeader header, EndPoint? socketRemote, EndPoint? socketLocal, ForwardedHeadersHygiene hygiene, bool setHttpsScheme)
    : IProxyProtocolFeature
{
    private bool? _clientUsedTls;
    private ForwardedValue? _forwarded;

    public ProxyHeader Header { get; } = header;

    public EndPoint? SocketRemoteEndPoint { get; } = socketRemote;

    public EndPoint? SocketLocalEndPoint { get; } = socketLocal;

    public ForwardedHeadersHygiene Hygiene { get; } = hygiene;

    public bool SetHttpsScheme { get; } = setHttpsScheme;

    /// <summary>Whether the SSL TLV's client field has PP2_CLIENT_SSL: the client reached the proxy over TLS (decoded
    /// once per connection; a malformed SSL TLV counts as no).</summary>
    public bool ClientUsedTls => _clientUsedTls ??= Header.Ssl is { } ssl && (ssl.Client & SslClientFlags.Ssl) != 0;

    /// <summary>The <c>Forwarded</c> value for these inputs, formatted once per connection rather than per request.
    /// The inputs are compared, so a later change to the connection's address is still reflected; the cache is one
    /// immutable object swapped whole, so concurrent HTTP/2 streams never see a torn value.</summary>
    public string GetForwarded(IPAddress? address, int port, bool https)
    {
        var cached = _forwarded;
        if (cached is null || cached.Port != port || cached.Https != https || !Equals(cached.Address, address))
        {
            cached = new ForwardedValue(address, port, https, ForwardedHeadersHygieneMiddleware.Format(address, port, https));
            _forwarded = cached;
        }

        return cached.Value;
    }

    private sealed class ForwardedValue(IPAddress? address, int port, bool https, string value)
    {
        public IPAddress? Address { get; } = address;

        public int Port { get; } = port;

        public bool Https { get; } = https;

        public string Value { get; } = value;
    }
}
