namespace ProxyProtocol.Internal;

/// <summary>The fixed fields of a header, filled by the parser and the builder without allocating.</summary>
internal struct HeaderFields
{
    public ProxyVersion Version;
    public ProxyCommand Command;
    public ProxyAddressFamily Family;
    public ProxyTransport Transport;
    public AddressBytes SourceAddress;
    public AddressBytes DestinationAddress;
    public ushort SourcePort;
    public ushort DestinationPort;

    public readonly bool HasIPAddresses =>
        Command == ProxyCommand.Proxy && Family is ProxyAddressFamily.InterNetwork or ProxyAddressFamily.InterNetworkV6;
}
