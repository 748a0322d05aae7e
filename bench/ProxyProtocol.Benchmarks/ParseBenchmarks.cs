using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>
/// One contiguous span per input: <c>Validate</c> (framing and every check, nothing allocated), <c>Parse</c>
/// (a materialised <see cref="ProxyHeader"/>), and <c>ParseAndRead</c>, which also reads what Netty's benchmark reads
/// (both endpoints and ports, every TLV's type and length) so it compares with Netty's "decoder direct" row.
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _input = [];

    [Params("v1_tcp4", "v1_tcp6", "v1_unknown", "v2_ipv4", "v2_ipv6", "v2_unix", "v2_local", "v2_tlvs", "v2_rich")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = Inputs.Get(Input);
        if (!ProxyHeaderParser.Validate(_input).IsComplete)
        {
            throw new InvalidOperationException($"{Input} does not parse");
        }
    }

    [Benchmark]
    public int Validate() => ProxyHeaderParser.Validate(_input).BytesConsumed;

    [Benchmark]
    public ProxyHeader? Parse()
    {
        ProxyHeaderParser.Parse(_input, out var header);
        return header;
    }

    [Benchmark]
    public long ParseAndRead()
    {
        ProxyHeaderParser.Parse(_input, out var header);
        return Read(header!);
    }

    /// <summary>The same fields Netty's benchmark consumes from each HAProxyMessage.</summary>
    internal static long Read(ProxyHeader header)
    {
        long h = 0;
        if (header.Source is { } source && header.Destination is { } destination)
        {
            h = (source.Port * 31L) + destination.Port;
            h = (h * 31) + source.Address.AddressFamily.GetHashCode() + destination.Address.AddressFamily.GetHashCode();
        }

        foreach (var tlv in header.Tlvs)
        {
            h = (h * 31) + tlv.Type + tlv.Value.Length;
        }

        return h;
    }
}
