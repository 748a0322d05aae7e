namespace ProxyProtocol;

/// <summary>The transport protocol of a header (the low nibble of the v2 family byte).</summary>
public enum ProxyTransport : byte
{
    /// <summary>Unspecified.</summary>
    Unspecified = 0,

    /// <summary>A stream: TCP or a Unix stream socket. Every v1 <c>TCP4</c>/<c>TCP6</c> header.</summary>
    Stream = 1,

    /// <summary>Datagrams: UDP or a Unix datagram socket.</summary>
    Datagram = 2,
}
