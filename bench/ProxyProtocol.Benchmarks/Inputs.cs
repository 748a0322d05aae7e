using System.Net;

namespace ProxyProtocol.Benchmarks;

/// <summary>
/// The benchmark inputs. The first five are the shared anchors (../shared/bench-anchors/inputs.json), the same
/// bytes Netty's decoder is measured on; the rest cover the other header shapes the issue lists.
/// </summary>
public static class Inputs
{
    public static readonly byte[] V1Tcp4 = Convert.FromHexString("50524f58592054435034203139322e3136382e312e3130302031302e302e302e3120353633323420383038300d0a");
    public static readonly byte[] V1Tcp6 = Convert.FromHexString("50524f5859205443503620323030313a6462383a383561333a3a386132653a3337303a3733333420323030313a6462383a3a31203536333234203434330d0a");
    public static readonly byte[] V2Ipv4 = Convert.FromHexString("0d0a0d0a000d0a515549540a2111000cc0a801640a000001dc041f90");
    public static readonly byte[] V2Ipv6 = Convert.FromHexString("0d0a0d0a000d0a515549540a2121002420010db800000000000000000000000120010db80000000000000000000000029c4001bb");
    public static readonly byte[] V2Tlvs = Convert.FromHexString("0d0a0d0a000d0a515549540a21110039c0a801640a000001dc041f90010002683202000b6578616d706c652e636f6d050010000102030405060708090a0b0c0d0e0f030004835fe847");

    public static readonly byte[] V1Unknown = "PROXY UNKNOWN\r\n"u8.ToArray();
    public static readonly byte[] V2Local = Convert.FromHexString("0d0a0d0a000d0a515549540a20000000");
    public static readonly byte[] V2Unix = new ProxyHeaderBuilder().ProxyUnix("/run/client.sock", "/run/server.sock").Build().Encode();

    /// <summary>What an AWS NLB or HAProxy with TLS offload sends: ALPN, AUTHORITY, UNIQUE_ID, SSL (version, CN, cipher), AWS VPCE, CRC32C.</summary>
    public static readonly byte[] V2Rich = new ProxyHeaderBuilder()
        .Proxy(IPEndPoint.Parse("192.168.1.100:56324"), IPEndPoint.Parse("10.0.0.1:443"))
        .WithAlpn("h2"u8.ToArray())
        .WithAuthority("example.com")
        .WithUniqueId(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray())
        .WithSsl(new SslTlv
        {
            Client = SslClientFlags.Ssl | SslClientFlags.CertificateConnection,
            Verify = 0,
            Version = "TLSv1.3",
            CommonName = "client.example.com",
            Cipher = "TLS_AES_128_GCM_SHA256",
        })
        .WithAwsVpcEndpointId("vpce-08d2bf15fac5001c9")
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
}
