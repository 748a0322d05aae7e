using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>Typed TLV access through the generated accessors on an already parsed header (v2 with SSL, AWS VPCE, CRC32C).</summary>
[MemoryDiagnoser]
public class TlvBenchmarks
{
    private ProxyHeader _header = null!;

    [GlobalSetup]
    public void Setup() => _header = Inputs.Header(Inputs.V2Rich);

    [Benchmark] public bool RawTryGetTlv() => _header.TryGetTlv(ProxyTlvTypes.Authority, out _);
    [Benchmark] public string? Authority() => _header.Authority;
    [Benchmark] public string? SslCommonName() => _header.Ssl?.CommonName;
    [Benchmark] public string? AwsVpcEndpointId() => _header.AwsVpcEndpointId;
}
