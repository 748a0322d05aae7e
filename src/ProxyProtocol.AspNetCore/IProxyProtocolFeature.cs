using System.Net;

namespace ProxyProtocol.AspNetCore;

/// <summary>
/// The PROXY header a connection started with, and the socket's own endpoints (the balancer's side). Set on the
/// connection's features once the header has been accepted; reachable from <c>HttpContext.Features</c> and
/// <see cref="ProxyProtocolHttpContextExtensions.GetProxyHeader(Microsoft.AspNetCore.Http.HttpContext)"/>.
/// </summary>
public interface IProxyProtocolFeature
{
    /// <summary>Gets the whole header, including its TLVs.</summary>
    ProxyHeader Header { get; }

    /// <summary>Gets the socket's remote endpoint (normally the balancer), as it was before the header was applied.</summary>
    EndPoint? SocketRemoteEndPoint { get; }

    /// <summary>Gets the socket's local endpoint, as it was before the header was applied.</summary>
    EndPoint? SocketLocalEndPoint { get; }
}
