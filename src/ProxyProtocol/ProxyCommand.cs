namespace ProxyProtocol;

/// <summary>The command of a header. Version 1 headers are always <see cref="Proxy"/>.</summary>
public enum ProxyCommand : byte
{
    /// <summary>The proxy opened the connection itself (for example a health check): use the socket's endpoints.</summary>
    Local = 0,

    /// <summary>The connection is relayed on behalf of a client: the header carries the client's endpoints.</summary>
    Proxy = 1,
}
