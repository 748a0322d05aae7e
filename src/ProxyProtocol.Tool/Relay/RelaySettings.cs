using System.Net;
using ProxyProtocol.Tool.Commands;

namespace ProxyProtocol.Tool.Relay;

/// <summary>What <c>proxyproto relay</c> was asked to do.</summary>
/// <param name="IdleTimeout">Closes a link idle in both directions for this long; null never does.</param>
/// <param name="AcceptProxy">Parser options for the clients' own headers; null when clients send none.</param>
/// <param name="PassTlvs">Which received TLV types go into the upstream header.</param>
internal sealed record RelaySettings(
    IPEndPoint Listen,
    EndPoint Upstream,
    HeaderTemplate Header,
    int MaxConnections,
    TimeSpan ConnectTimeout,
    TimeSpan? IdleTimeout,
    ProxyParserOptions? AcceptProxy,
    TlvSelection PassTlvs);

/// <summary>A choice of TLV types: none, all, or a list (<c>--pass-tlvs</c>).</summary>
internal sealed record TlvSelection(bool All, IReadOnlySet<byte> Types)
{
    public static TlvSelection None { get; } = new(false, new HashSet<byte>());

    public bool IsNone => !All && Types.Count == 0;

    public IEnumerable<ProxyTlv> Select(ProxyHeader header) => header.Tlvs.Where(t => All || Types.Contains(t.Type));

    /// <summary>Parses <c>all</c>, <c>none</c> or <c>TYPE[,TYPE…]</c> (each decimal or 0x hex).</summary>
    public static TlvSelection Parse(string text)
    {
        switch (text)
        {
            case "all":
                return new TlvSelection(true, new HashSet<byte>());
            case "none":
                return None;
        }

        var types = new HashSet<byte>();
        foreach (var part in text.Split(','))
        {
            var type = (byte)HeaderFlags.ParseNumber(part.Trim(), "--pass-tlvs type", byte.MaxValue);
            if (type == ProxyTlvTypes.Crc32C)
            {
                throw new UsageException("--pass-tlvs 0x03: a received CRC32C cannot be passed on; --crc32c computes a new one.");
            }

            types.Add(type);
        }

        return new TlvSelection(false, types);
    }
}
