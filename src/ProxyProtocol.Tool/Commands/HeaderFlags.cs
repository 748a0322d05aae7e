using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;

namespace ProxyProtocol.Tool.Commands;

/// <summary>
/// Flags that describe a header to send, shared by <c>encode</c>, <c>send</c> and <c>relay</c>. Addresses are
/// optional here: <c>relay</c> takes them from each client, <c>send</c> from its own connection. Registry TLVs are
/// encoded by the builder's generated methods, so each vendor's layout lives in the registry only.
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
        Description = "Add a raw TLV, TYPE=HEX (type 0xE5 or 229; value hex, may be empty). Repeatable; kept in order, after the typed TLVs.",
        HelpName = "TYPE=HEX",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Alpn { get; } = new("--alpn") { Description = "ALPN (0x01): the application protocol, e.g. h2.", HelpName = "protocol" };

    public Option<string?> Authority { get; } = new("--authority") { Description = "AUTHORITY (0x02): the host name the client asked for (SNI).", HelpName = "host" };

    public Option<string?> UniqueId { get; } = new("--unique-id") { Description = "UNIQUE_ID (0x05), UTF-8 text, at most 128 bytes.", HelpName = "id" };

    public Option<bool> Ssl { get; } = new("--ssl") { Description = "SSL (0x20): the client connected over TLS; verify is 1 unless --ssl-verified. Implied by every other --ssl-* flag." };

    public Option<string?> SslVersion { get; } = new("--ssl-version") { Description = "SSL sub-TLV VERSION, e.g. TLSv1.3.", HelpName = "text" };

    public Option<string?> SslCommonName { get; } = new("--ssl-cn") { Description = "SSL sub-TLV CN: the client certificate's Common Name.", HelpName = "text" };

    public Option<string?> SslCipher { get; } = new("--ssl-cipher") { Description = "SSL sub-TLV CIPHER, e.g. TLS_AES_128_GCM_SHA256.", HelpName = "text" };

    public Option<string?> SslSignatureAlgorithm { get; } = new("--ssl-sig-alg") { Description = "SSL sub-TLV SIG_ALG: what signed the proxy's certificate, e.g. RSA-SHA256.", HelpName = "text" };

    public Option<string?> SslKeyAlgorithm { get; } = new("--ssl-key-alg") { Description = "SSL sub-TLV KEY_ALG: the proxy certificate's key, e.g. RSA2048.", HelpName = "text" };

    public Option<string?> SslGroup { get; } = new("--ssl-group") { Description = "SSL sub-TLV GROUP: the key-exchange group, e.g. X25519.", HelpName = "text" };

    public Option<string?> SslSignatureScheme { get; } = new("--ssl-sig-scheme") { Description = "SSL sub-TLV SIG_SCHEME, e.g. rsa_pss_rsae_sha256.", HelpName = "text" };

    public Option<bool> SslClientCertificate { get; } = new("--ssl-client-cert")
    {
        Description = "The client presented a certificate (client flags CERT_CONN and CERT_SESS); verify is 1 (not verified) unless --ssl-verified.",
    };

    public Option<bool> SslVerified { get; } = new("--ssl-verified") { Description = "With --ssl-client-cert: the certificate was verified (verify 0)." };

    public Option<string?> Netns { get; } = new("--netns") { Description = "NETNS (0x30): the network namespace the connection was accepted in.", HelpName = "name" };

    public Option<string?> GcpPscId { get; } = new("--gcp-psc-id") { Description = "GCP Private Service Connect connection id (0xE0), a 64-bit number (decimal or 0x hex).", HelpName = "n" };

    public Option<string?> AwsVpceId { get; } = new("--aws-vpce-id") { Description = "AWS PrivateLink endpoint id (0xEA), e.g. vpce-08d2bf15fac5001c9.", HelpName = "id" };

    public Option<string?> AzureLinkId { get; } = new("--azure-linkid") { Description = "Azure Private Link LINKID (0xEE), a 32-bit number (decimal or 0x hex).", HelpName = "n" };

    public Option<bool> Crc32C { get; } = new("--crc32c") { Description = "Append a CRC32C TLV (0x03), computed over the whole header." };

    private IEnumerable<Option> TlvOptions =>
    [
        Tlvs, Alpn, Authority, UniqueId, Ssl, SslVersion, SslCommonName, SslCipher, SslSignatureAlgorithm, SslKeyAlgorithm, SslGroup,
        SslSignatureScheme, SslClientCertificate, SslVerified, Netns, GcpPscId, AwsVpceId, AzureLinkId, Crc32C,
    ];

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

        foreach (var option in TlvOptions)
        {
            command.Options.Add(option);
        }
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

    private List<TemplateTlv> ReadTlvs(ParseResult parse)
    {
        // Typed flags first, by type, then raw --tlv values in the order given. Each is tried on a scratch builder
        // now, so that a value the registry cannot encode is a usage error and not a failure per connection.
        var tlvs = new List<TemplateTlv>();
        void Add(Option option, byte type, Action<ProxyHeaderBuilder> add)
        {
            try
            {
                add(new ProxyHeaderBuilder());
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"{option.Name}: {MessageOf(ex)}");
            }

            tlvs.Add(new TemplateTlv(type, add));
        }

        if (parse.GetValue(Alpn) is { } alpn)
        {
            Add(Alpn, ProxyTlvTypes.Alpn, b => b.AddAlpn(Encoding.UTF8.GetBytes(alpn)));
        }

        if (parse.GetValue(Authority) is { } authority)
        {
            Add(Authority, ProxyTlvTypes.Authority, b => b.AddAuthority(authority));
        }

        if (parse.GetValue(UniqueId) is { } uniqueId)
        {
            Add(UniqueId, ProxyTlvTypes.UniqueId, b => b.AddUniqueId(Encoding.UTF8.GetBytes(uniqueId)));
        }

        if (ReadSsl(parse) is { } ssl)
        {
            Add(Ssl, ProxyTlvTypes.Ssl, b => b.AddSsl(ssl));
        }

        if (parse.GetValue(Netns) is { } netns)
        {
            Add(Netns, ProxyTlvTypes.Netns, b => b.AddNetns(netns));
        }

        if (parse.GetValue(GcpPscId) is { } gcp)
        {
            var id = ParseNumber(gcp, GcpPscId.Name, ulong.MaxValue);
            Add(GcpPscId, ProxyTlvTypes.GcpPscConnectionId, b => b.AddGcpPscConnectionId(id));
        }

        if (parse.GetValue(AwsVpceId) is { } vpce)
        {
            Add(AwsVpceId, ProxyTlvTypes.AwsVpcEndpointId, b => b.AddAwsVpcEndpointId(vpce));
        }

        if (parse.GetValue(AzureLinkId) is { } azure)
        {
            var id = (uint)ParseNumber(azure, AzureLinkId.Name, uint.MaxValue);
            Add(AzureLinkId, ProxyTlvTypes.AzurePrivateLinkId, b => b.AddAzurePrivateLinkId(id));
        }

        foreach (var raw in parse.GetValue(Tlvs) ?? [])
        {
            var (type, value) = ParseRawTlv(raw);
            Add(Tlvs, type, b => b.AddTlv(type, value));
        }

        return tlvs;
    }

    private SslTlv? ReadSsl(ParseResult parse)
    {
        var certificate = parse.GetValue(SslClientCertificate);
        if (parse.GetValue(SslVerified) && !certificate)
        {
            throw new UsageException("--ssl-verified describes a client certificate: add --ssl-client-cert.");
        }

        var ssl = new SslTlv
        {
            // PP2_CLIENT_SSL: every SSL flag describes a TLS client. A full handshake that presented a certificate
            // sets both certificate bits (HAProxy's CERT_CONN and CERT_SESS). The spec makes verify 0 only for a
            // certificate that was presented and verified (HAProxy also sends 0 without one; we follow the spec).
            Client = SslClientFlags.Ssl | (certificate ? SslClientFlags.CertificateConnection | SslClientFlags.CertificateSession : SslClientFlags.None),
            Verify = certificate && parse.GetValue(SslVerified) ? 0u : 1u,
            Version = parse.GetValue(SslVersion),
            CommonName = parse.GetValue(SslCommonName),
            Cipher = parse.GetValue(SslCipher),
            SignatureAlgorithm = parse.GetValue(SslSignatureAlgorithm),
            KeyAlgorithm = parse.GetValue(SslKeyAlgorithm),
            Group = parse.GetValue(SslGroup),
            SignatureScheme = parse.GetValue(SslSignatureScheme),
        };
        var any = parse.GetValue(Ssl) || certificate || ssl.Version is not null || ssl.CommonName is not null || ssl.Cipher is not null
            || ssl.SignatureAlgorithm is not null || ssl.KeyAlgorithm is not null || ssl.Group is not null || ssl.SignatureScheme is not null;
        return any ? ssl : null;
    }

    private static (byte Type, byte[] Value) ParseRawTlv(string raw)
    {
        var eq = raw.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new UsageException($"--tlv '{raw}': expected TYPE=HEX, as 0xE5=0102 or 4= (an empty NOOP).");
        }

        var type = (byte)ParseNumber(raw[..eq], "--tlv type", byte.MaxValue);
        if (type == ProxyTlvTypes.Crc32C)
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

    /// <summary>Parses a TLV type or another number given in decimal or <c>0x</c> hex.</summary>
    internal static ulong ParseNumber(string text, string flag, ulong max)
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

    // The library's message without the " (Parameter 'value')" suffix, which names its code, not the flag.
    private static string MessageOf(ArgumentException ex) =>
        ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message;
}
