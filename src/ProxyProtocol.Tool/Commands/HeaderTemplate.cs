using System.Net;

namespace ProxyProtocol.Tool.Commands;

/// <summary>Which kind of header the flags ask for.</summary>
internal enum HeaderMode
{
    Proxy,
    Local,
    Unknown,
}

/// <summary>A header described by flags, built once (<c>encode</c>) or per connection (<c>send</c>, <c>relay</c>).</summary>
internal sealed record HeaderTemplate(
    ProxyVersion Version,
    HeaderMode Mode,
    IPEndPoint? Source,
    IPEndPoint? Destination,
    IReadOnlyList<(byte Type, byte[] Value)> Tlvs,
    bool Crc32C)
{
    public bool HasAddresses => Source is not null;

    /// <summary>Builds the header; <paramref name="source"/>/<paramref name="destination"/> fill in PROXY addresses the flags left out.</summary>
    public ProxyHeader Build(IPEndPoint? source = null, IPEndPoint? destination = null)
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

        foreach (var (type, value) in Tlvs)
        {
            builder.AddTlv(type, value);
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
