using System.Buffers;
using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>A two-segment sequence split inside the header, and the PipeReader path the Kestrel middleware uses.</summary>
[MemoryDiagnoser]
public class SequenceBenchmarks
{
    private ReadOnlySequence<byte> _split;
    private byte[] _input = [];

    [Params("v1_tcp4", "v2_tlvs")]
    public string Input { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _input = Inputs.Get(Input);
        _split = Split(_input, 20);
    }

    [Benchmark] public int ValidateSplit() => ProxyHeaderParser.Validate(_split).BytesConsumed;

    [Benchmark]
    public ProxyHeader? TryParseSplit()
    {
        ProxyHeaderParser.Parse(_split, out var header);
        return header;
    }

    /// <summary>ReadAsync over a pipe that already holds the header (its timeout, cancellation and AdvanceTo included).
    /// The PipeReader itself is created per call and counts in the allocations.</summary>
    [Benchmark]
    public async Task<ProxyHeader> PipeReader()
    {
        var reader = System.IO.Pipelines.PipeReader.Create(new ReadOnlySequence<byte>(_input));
        return await ProxyProtocolReader.ReadAsync(reader, ProxyParserOptions.Default);
    }

    private static ReadOnlySequence<byte> Split(byte[] data, int at)
    {
        var first = new Segment(data.AsMemory(0, at));
        var last = first.Append(data.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
