using System.Buffers;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;

namespace ProxyProtocol.Benchmarks;

/// <summary>A sequence split inside the header, and the PipeReader path the Kestrel middleware uses.</summary>
[MemoryDiagnoser]
public class SequenceBenchmarks
{
    private ReadOnlySequence<byte> _splitV2Tlvs;
    private ReadOnlySequence<byte> _splitV1Tcp4;

    [GlobalSetup]
    public void Setup()
    {
        _splitV2Tlvs = Split(Inputs.V2Tlvs, 20);
        _splitV1Tcp4 = Split(Inputs.V1Tcp4, 20);
    }

    [Benchmark] public int ValidateSplitV1Tcp4() => ProxyHeaderParser.Validate(_splitV1Tcp4).BytesConsumed;
    [Benchmark] public int ValidateSplitV2TlvsCrc() => ProxyHeaderParser.Validate(_splitV2Tlvs).BytesConsumed;

    [Benchmark]
    public async Task<ProxyHeader> PipeReaderV2TlvsCrc()
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(Inputs.V2Tlvs));
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
