using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// Flags that describe a header to send, shared by <c>encode</c>, <c>send</c> and <c>relay</c>. Addresses are
/// optional here: <c>relay</c> takes them from each client, <c>send</c> from its own connection.
/// </summary>
internal sealed class HeaderFlags(bool withAddresses)
{
    public Option<bool> V1 { get; } = new("--v1") { Description = "Send a version 1 (text) header." };

    public Option<bool> V2 { get; } = new("--v2") { Description = "Send a version 2 (binary) header (the default)." };

    public Option<string?> Source { get; } = new("--source", "-s") { Description = "Client endpoint, ip:port ([v6]:port for IPv6).", HelpName = "ip:port" };

    public Option<string?> Destination { get; } = new("--destination", "-d") { Description = "Server endpoint the client connected to, ip:port.", HelpName = "ip:port" };

    public Option<bool> Local { get; } = new("--local") { Description = "v2 LOCAL command (the proxy's own connection, e.g. a health check)." };

    public Option<bool> Unknown { get; } = new("--unknown") { Description = "No addresses: v1 'PROXY UNKNOWN', v2 PROXY with family UNSPEC." };

    public Option<string[]> Tlvs { get; } = new("--tlv")
    {
        Description = "Add a raw TLV, TYPE=HEX (type 0xE5 or 229; value hex, may be empty). Repeatable; kept in order.",
        HelpName = "TYPE=HEX",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Authority { get; } = new("--authority") { Description = "PP2_TYPE_AUTHORITY (0x02): the host name the client asked for (SNI).", HelpName = "host" };

    public Option<string?> Alpn { get; } = new("--alpn") { Description = "PP2_TYPE_ALPN (0x01): the application protocol, e.g. h2.", HelpName = "protocol" };

    public Option<string?> UniqueId { get; } = new("--unique-id") { Description = "PP2_TYPE_UNIQUE_ID (0x05), UTF-8 text, at most 128 bytes.", HelpName = "id" };

    public Option<string?> AwsVpceId { get; } = new("--aws-vpce-id") { Description = "AWS PrivateLink endpoint id (0xEA, subtype 0x01), e.g. vpce-08d2bf15fac5001c9.", HelpName = "id" };

    public Option<string?> AzureLinkId { get; } = new("--azure-linkid") { Description = "Azure Private Link LINKID (0xEE, subtype 0x01), a 32-bit number (decimal or 0x hex).", HelpName = "n" };

    public Option<string?> GcpPscId { get; } = new("--gcp-psc-id") { Description = "GCP Private Service Connect connection id (0xE0), a 64-bit number (decimal or 0x hex).", HelpName = "n" };

    public Option<bool> Crc32C { get; } = new("--crc32c") { Description = "Append a CRC32C TLV (0x03), computed over the whole header." };

    public void AddTo(Command command)
    {
        command.Options.Add(V1);
        command.Options.Add(V2);
        if (withAddresses)
        {
            command.Options.Add(Source);
            command.Options.Add(Destination);
            command.Options.Add(Local);
            command.Options.Add(Unknown);
        }

        command.Options.Add(Tlvs);
        command.Options.Add(Authority);
        command.Options.Add(Alpn);
        command.Options.Add(UniqueId);
        command.Options.Add(AwsVpceId);
        command.Options.Add(AzureLinkId);
        command.Options.Add(GcpPscId);
        command.Options.Add(Crc32C);
    }

    public HeaderTemplate Read(ParseResult parse)
    {
        if (parse.GetValue(V1) && parse.GetValue(V2))
        {
            throw new UsageException("give --v1 or --v2, not both.");
        }

        var version = parse.GetValue(V1) ? ProxyVersion.V1 : ProxyVersion.V2;
        var mode = HeaderMode.Proxy;
        IPEndPoint? source = null, destination = null;
        if (withAddresses)
        {
            var local = parse.GetValue(Local);
            var unknown = parse.GetValue(Unknown);
            var src = parse.GetValue(Source);
            var dst = parse.GetValue(Destination);
            if (local && unknown)
            {
                throw new UsageException("give --local or --unknown, not both.");
            }

            if ((local || unknown) && (src is not null || dst is not null))
            {
                throw new UsageException($"{(local ? "--local" : "--unknown")} carries no addresses: drop --source/--destination.");
            }

            if ((src is null) != (dst is null))
            {
                throw new UsageException("give both --source and --destination.");
            }

            if (local && version == ProxyVersion.V1)
            {
                throw new UsageException("--local needs --v2 (v1 has no LOCAL command; use --unknown).");
            }

            mode = local ? HeaderMode.Local : unknown ? HeaderMode.Unknown : HeaderMode.Proxy;
            source = src is null ? null : EndpointText.ParseIP(src, "--source");
            destination = dst is null ? null : EndpointText.ParseIP(dst, "--destination");
        }

        var tlvs = ReadTlvs(parse);
        var crc = parse.GetValue(Crc32C);
        if (version == ProxyVersion.V1 && (tlvs.Count > 0 || crc))
        {
            throw new UsageException("TLVs and --crc32c need --v2 (v1 headers carry no TLVs).");
        }

        return new HeaderTemplate(version, mode, source, destination, tlvs, crc);
    }

    private List<(byte Type, byte[] Value)> ReadTlvs(ParseResult parse)
    {
        // Typed flags first in registry order, then raw --tlv values in the order given.
        var tlvs = new List<(byte, byte[])>();
        if (parse.GetValue(Alpn) is { } alpn)
        {
            tlvs.Add((0x01, NonEmptyUtf8(alpn, "--alpn", 255)));
        }

        if (parse.GetValue(Authority) is { } authority)
        {
            tlvs.Add((0x02, NonEmptyUtf8(authority, "--authority", 255)));
        }

        if (parse.GetValue(UniqueId) is { } uniqueId)
        {
            tlvs.Add((0x05, NonEmptyUtf8(uniqueId, "--unique-id", 128)));
        }

        if (parse.GetValue(GcpPscId) is { } gcp)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, ParseNumber(gcp, "--gcp-psc-id", ulong.MaxValue));
            tlvs.Add((0xE0, value));
        }

        if (parse.GetValue(AwsVpceId) is { } vpce)
        {
            if (vpce.Length == 0 || !vpce.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                throw new UsageException($"--aws-vpce-id '{vpce}': expected letters, digits and '-', as vpce-08d2bf15fac5001c9.");
            }

            tlvs.Add((0xEA, [0x01, .. Encoding.ASCII.GetBytes(vpce)]));
        }

        if (parse.GetValue(AzureLinkId) is { } azure)
        {
            var value = new byte[5];
            value[0] = 0x01;
            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(1), (uint)ParseNumber(azure, "--azure-linkid", uint.MaxValue));
            tlvs.Add((0xEE, value));
        }

        foreach (var raw in parse.GetValue(Tlvs) ?? [])
        {
            tlvs.Add(ParseRawTlv(raw));
        }

        return tlvs;
    }

    private static (byte, byte[]) ParseRawTlv(string raw)
    {
        var eq = raw.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new UsageException($"--tlv '{raw}': expected TYPE=HEX, as 0xE5=0102 or 4= (an empty NOOP).");
        }

        var type = (byte)ParseNumber(raw[..eq], "--tlv type", byte.MaxValue);
        if (type == 0x03)
        {
            throw new UsageException("--tlv 0x03: use --crc32c, which computes the checksum.");
        }

        byte[] value;
        try
        {
            value = HexInput.Parse([raw[(eq + 1)..]]);
        }
        catch (UsageException ex)
        {
            throw new UsageException($"--tlv '{raw}': {ex.Message}");
        }

        if (value.Length > ushort.MaxValue)
        {
            throw new UsageException($"--tlv '{raw[..eq]}': a TLV value is at most 65535 bytes.");
        }

        return (type, value);
    }

    private static byte[] NonEmptyUtf8(string text, string flag, int max)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length == 0 || bytes.Length > max)
        {
            throw new UsageException($"{flag} must be 1 to {max} bytes of UTF-8 (got {bytes.Length}).");
        }

        return bytes;
    }

    private static ulong ParseNumber(string text, string flag, ulong max)
    {
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok || value > max)
        {
            throw new UsageException($"{flag} '{text}': expected a number from 0 to {max.ToString(CultureInfo.InvariantCulture)} (decimal or 0x hex).");
        }

        return value;
    }
}
