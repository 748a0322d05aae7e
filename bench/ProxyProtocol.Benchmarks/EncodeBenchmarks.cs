using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>Encoding a header into a caller's span (the zero-allocation path); v2 CRC32C is recomputed each time.</summary>
[MemoryDiagnoser]
public class EncodeBenchmarks
{
    private readonly byte[] _destination = new byte[512];
    private ProxyHeader _header = null!;

    [Params("v1_tcp4", "v1_tcp6", "v2_ipv4", "v2_tlvs", "v2_rich")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _header = Inputs.Header(Inputs.Get(Input));
        if (!_header.TryEncode(_destination, out var n) || !_destination.AsSpan(0, n).SequenceEqual(Inputs.Get(Input)))
        {
            throw new InvalidOperationException($"{Input} does not re-encode to its input");
        }
    }

    [Benchmark] public int TryEncode() => _header.TryEncode(_destination, out var n) ? n : -1;
}
