using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>Validation (zero allocation) and materialisation of each input from one span.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    [Benchmark] public int ValidateV1Tcp4() => ProxyHeaderParser.Validate(Inputs.V1Tcp4).BytesConsumed;
    [Benchmark] public int ValidateV1Tcp6() => ProxyHeaderParser.Validate(Inputs.V1Tcp6).BytesConsumed;
    [Benchmark] public int ValidateV1Unknown() => ProxyHeaderParser.Validate(Inputs.V1Unknown).BytesConsumed;
    [Benchmark] public int ValidateV2Ipv4() => ProxyHeaderParser.Validate(Inputs.V2Ipv4).BytesConsumed;
    [Benchmark] public int ValidateV2Ipv6() => ProxyHeaderParser.Validate(Inputs.V2Ipv6).BytesConsumed;
    [Benchmark] public int ValidateV2Unix() => ProxyHeaderParser.Validate(Inputs.V2Unix).BytesConsumed;
    [Benchmark] public int ValidateV2Local() => ProxyHeaderParser.Validate(Inputs.V2Local).BytesConsumed;
    [Benchmark] public int ValidateV2TlvsCrc() => ProxyHeaderParser.Validate(Inputs.V2Tlvs).BytesConsumed;

    [Benchmark] public ProxyHeader? ParseV1Tcp4() => Parse(Inputs.V1Tcp4);
    [Benchmark] public ProxyHeader? ParseV1Tcp6() => Parse(Inputs.V1Tcp6);
    [Benchmark] public ProxyHeader? ParseV2Ipv4() => Parse(Inputs.V2Ipv4);
    [Benchmark] public ProxyHeader? ParseV2Ipv6() => Parse(Inputs.V2Ipv6);
    [Benchmark] public ProxyHeader? ParseV2TlvsCrc() => Parse(Inputs.V2Tlvs);

    private static ProxyHeader? Parse(byte[] input)
    {
        ProxyHeaderParser.TryParse(input, out var header);
        return header;
    }
}
