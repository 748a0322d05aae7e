using System.Net;

namespace ProxyProtocol.Tool.Commands;

/// <summary>Which kind of header the flags ask for.</summary>
internal enum HeaderMode
{
    Proxy,
    Local,
    Unknown,
}

/// <summary>One TLV the flags ask for: its type (to tell which received TLVs it replaces) and how to add it.</summary>
internal sealed record TemplateTlv(byte Type, Action<ProxyHeaderBuilder> Add);

/// <summary>A header described by flags, built once (<c>encode</c>) or per connection (<c>send</c>, <c>relay</c>).</summary>
internal sealed record HeaderTemplate(
    ProxyVersion Version,
    HeaderMode Mode,
    IPEndPoint? Source,
    IPEndPoint? Destination,
    IReadOnlyList<TemplateTlv> Tlvs,
    bool Crc32C)
{
    public bool HasAddresses => Source is not null;

    /// <summary>
    /// Builds the header; <paramref name="source"/>/<paramref name="destination"/> fill in PROXY addresses the flags
    /// left out. <paramref name="passed"/> are TLVs received from a client (relay <c>--pass-tlvs</c>): they come first,
    /// in their order, without any CRC32C (recomputed only with <c>--crc32c</c>) and without the types the flags set.
    /// </summary>
    public ProxyHeader Build(IPEndPoint? source = null, IPEndPoint? destination = null, IEnumerable<ProxyTlv>? passed = null)
    {
        var builder = new ProxyHeaderBuilder(Version);
        switch (Mode)
        {
            case HeaderMode.Local:
                builder.Local();
                break;
            case HeaderMode.Unknown:
                builder.Unknown();
                break;
            default:
                var src = Source ?? Unmap(source) ?? throw new UsageException("give --source and --destination, or --local, or --unknown.");
                var dst = Destination ?? Unmap(destination) ?? throw new UsageException("give --source and --destination, or --local, or --unknown.");
                builder.Proxy(src, dst);
                break;
        }

        foreach (var tlv in passed ?? [])
        {
            if (tlv.Type != ProxyTlvTypes.Crc32C && !Tlvs.Any(t => t.Type == tlv.Type))
            {
                builder.AddTlv(tlv.Type, tlv.Value.Span);
            }
        }

        foreach (var tlv in Tlvs)
        {
            tlv.Add(builder);
        }

        if (Crc32C)
        {
            builder.AddCrc32C();
        }

        try
        {
            return builder.Build();
        }
        catch (InvalidOperationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; describe them as the IPv4 clients they are.
    private static IPEndPoint? Unmap(IPEndPoint? endPoint) =>
        endPoint is not null && endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
