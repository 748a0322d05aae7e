using System.Net;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>The feature set on a connection whose header was accepted, with the endpoint's HTTP-side settings.</summary>
internal sealed class ProxyProtocolFeature(ProxyHeader header, EndPoint? socketRemote, EndPoint? socketLocal, ForwardedHeadersHygiene hygiene, bool setHttpsScheme)
    : IProxyProtocolFeature
{
    private bool? _clientUsedTls;

    public ProxyHeader Header { get; } = header;

    public EndPoint? SocketRemoteEndPoint { get; } = socketRemote;

    public EndPoint? SocketLocalEndPoint { get; } = socketLocal;

    public ForwardedHeadersHygiene Hygiene { get; } = hygiene;

    public bool SetHttpsScheme { get; } = setHttpsScheme;

    /// <summary>Whether the SSL TLV's client field has PP2_CLIENT_SSL: the client reached the proxy over TLS (decoded
    /// once per connection; a malformed SSL TLV counts as no).</summary>
    public bool ClientUsedTls => _clientUsedTls ??= Header.Ssl is { } ssl && (ssl.Client & SslClientFlags.Ssl) != 0;
}
