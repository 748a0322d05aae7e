using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>Typed TLV access through the generated accessors on an already parsed header (v2 with ALPN, AUTHORITY,
/// UNIQUE_ID, SSL, AWS VPCE, CRC32C). Byte values are slices of the header: <see cref="Alpn"/> and
/// <see cref="UniqueIdLength"/> allocate nothing.</summary>
[MemoryDiagnoser]
public class TlvBenchmarks
{
    private ProxyHeader _header = null!;

    [GlobalSetup]
    public void Setup() => _header = Inputs.Header(Inputs.V2Rich);

    [Benchmark] public bool RawTryGetTlv() => _header.TryGetTlv(ProxyTlvTypes.Authority, out _);
    [Benchmark] public string? Authority() => _header.Authority;
    [Benchmark] public ReadOnlyMemory<byte>? Alpn() => _header.Alpn;
    [Benchmark] public int UniqueIdLength() => _header.UniqueId?.Length ?? -1;
    [Benchmark] public string? SslCommonName() => _header.Ssl?.CommonName;
    [Benchmark] public string? AwsVpcEndpointId() => _header.AwsVpcEndpointId;

    /// <summary>Every typed TLV by name (what <c>proxyproto decode --json</c> and logs use).</summary>
    [Benchmark]
    public int TypedTlvs()
    {
        var count = 0;
        foreach (var tlv in _header.TypedTlvs)
        {
            count += tlv.Name.Length;
        }

        return count;
    }
}
