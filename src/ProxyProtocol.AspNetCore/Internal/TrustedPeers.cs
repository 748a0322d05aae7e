using System.Net;

namespace ProxyProtocol.AspNetCore.Internal;

/// <summary>Matches a connection's peer against the trusted networks, comparing IPv4-mapped IPv6 peers as IPv4.</summary>
internal sealed class TrustedPeers
{
    private readonly IPNetwork[] _networks;

    public TrustedPeers(IEnumerable<IPNetwork> networks) => _networks = networks.Select(Unmap).ToArray();

    /// <summary>True when the list is empty, the peer is not an IP endpoint (Unix socket: access is the file's
    /// permissions), or its address is in one of the networks.</summary>
    public bool IsTrusted(EndPoint? peer)
    {
        if (_networks.Length == 0 || peer is not IPEndPoint ip)
        {
            return true;
        }

        var address = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    // A network written as ::ffff:10.0.0.0/104 means 10.0.0.0/8; peers are unmapped, so the network must be too.
    private static IPNetwork Unmap(IPNetwork network) =>
        network.BaseAddress.IsIPv4MappedToIPv6 && network.PrefixLength >= 96
            ? new IPNetwork(network.BaseAddress.MapToIPv4(), network.PrefixLength - 96)
            : network;
}
