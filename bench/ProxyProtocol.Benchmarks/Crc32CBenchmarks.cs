using System.IO.Hashing;
using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>CRC32C (System.IO.Hashing) over typical header sizes.</summary>
[MemoryDiagnoser]
public class Crc32CBenchmarks
{
    private readonly byte[] _data = new byte[1024];

    [Params(64, 256, 1024)]
    public int Length { get; set; }

    [GlobalSetup]
    public void Setup() => new Random(42).NextBytes(_data);

    [Benchmark] public uint Crc32C() => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, _data.AsSpan(0, Length));
}
