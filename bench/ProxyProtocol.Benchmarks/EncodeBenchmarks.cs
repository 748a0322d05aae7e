using System.Net;
using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>Encoding into a span (zero allocation) and CRC32C over common header sizes.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private readonly byte[] _destination = new byte[512];
    private ProxyHeader _v1Tcp4 = null!;
    private ProxyHeader _v1Tcp6 = null!;
    private ProxyHeader _v2TlvsCrc = null!;

    [GlobalSetup]
    public void Setup()
    {
        _v1Tcp4 = ProxyHeaderParser.Parse(Inputs.V1Tcp4, out _);
        _v1Tcp6 = ProxyHeaderParser.Parse(Inputs.V1Tcp6, out _);
        _v2TlvsCrc = new ProxyHeaderBuilder()
            .Proxy(IPEndPoint.Parse("192.168.1.100:56324"), IPEndPoint.Parse("10.0.0.1:8080"))
            .AddTlv(0x01, "h2"u8)
            .AddTlv(0x02, "example.com"u8)
            .AddTlv(0x05, new byte[16])
            .AddCrc32C()
            .Build();
    }

    [Benchmark] public int EncodeV1Tcp4() => _v1Tcp4.TryEncode(_destination, out var n) ? n : -1;
    [Benchmark] public int EncodeV1Tcp6() => _v1Tcp6.TryEncode(_destination, out var n) ? n : -1;
    [Benchmark] public int EncodeV2TlvsCrc() => _v2TlvsCrc.TryEncode(_destination, out var n) ? n : -1;
}
