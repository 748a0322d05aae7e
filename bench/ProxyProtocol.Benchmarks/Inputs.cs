using System.Net;
using System.Text.Json;

namespace ProxyProtocol.Benchmarks;

/// <summary>
/// The benchmark inputs. The first five are read from bench/inputs.json, the file the Netty harness (bench/netty)
/// reads too, so both sides parse the same bytes; the rest cover the other header shapes.
/// </summary>
public static class Inputs
{
    public static readonly byte[] V1Tcp4 = Shared("v1_tcp4");
    public static readonly byte[] V1Tcp6 = Shared("v1_tcp6");
    public static readonly byte[] V2Ipv4 = Shared("v2_ipv4");
    public static readonly byte[] V2Ipv6 = Shared("v2_ipv6");
    public static readonly byte[] V2Tlvs = Shared("v2_tlvs");

    public static readonly byte[] V1Unknown = "PROXY UNKNOWN\r\n"u8.ToArray();
    public static readonly byte[] V2Local = Convert.FromHexString("0d0a0d0a000d0a515549540a20000000");
    public static readonly byte[] V2Unix = new ProxyHeaderBuilder().ProxyUnix("/run/client.sock", "/run/server.sock").Build().Encode();

    /// <summary>What an AWS NLB or HAProxy with TLS offload sends: ALPN, AUTHORITY, UNIQUE_ID, SSL (version, CN, cipher), AWS VPCE, CRC32C.</summary>
    public static readonly byte[] V2Rich = new ProxyHeaderBuilder()
        .Proxy(IPEndPoint.Parse("192.168.1.100:56324"), IPEndPoint.Parse("10.0.0.1:443"))
        .AddAlpn("h2"u8.ToArray())
        .AddAuthority("example.com")
        .AddUniqueId(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray())
        .AddSsl(new SslTlv
        {
            Client = SslClientFlags.Ssl | SslClientFlags.CertificateConnection,
            Verify = 0,
            Version = "TLSv1.3",
            CommonName = "client.example.com",
            Cipher = "TLS_AES_128_GCM_SHA256",
        })
        .AddAwsVpcEndpointId("vpce-08d2bf15fac5001c9")
        .AddCrc32C()
        .Build()
        .Encode();

    /// <summary>The header of a valid input, for a benchmark's setup.</summary>
    public static ProxyHeader Header(byte[] input) =>
        ProxyHeaderParser.Parse(input, out var header).IsComplete ? header! : throw new InvalidOperationException("the input does not parse");

    /// <summary>Input by its name in inputs.json (plus the extra shapes), for [Params].</summary>
    public static byte[] Get(string name) => name switch
    {
        "v1_tcp4" => V1Tcp4,
        "v1_tcp6" => V1Tcp6,
        "v1_unknown" => V1Unknown,
        "v2_ipv4" => V2Ipv4,
        "v2_ipv6" => V2Ipv6,
        "v2_unix" => V2Unix,
        "v2_local" => V2Local,
        "v2_tlvs" => V2Tlvs,
        "v2_rich" => V2Rich,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown input"),
    };

    private static byte[] Shared(string name)
    {
        using var stream = typeof(Inputs).Assembly.GetManifestResourceStream("inputs.json")
            ?? throw new InvalidOperationException("bench/inputs.json is not embedded in the benchmark assembly.");
        using var json = JsonDocument.Parse(stream);
        return Convert.FromHexString(json.RootElement.GetProperty(name).GetString()!);
    }
}
