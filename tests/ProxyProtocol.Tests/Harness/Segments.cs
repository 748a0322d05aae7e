using System.Buffers;

namespace ProxyProtocol.Tests.Harness;

/// <summary>Builds <see cref="ReadOnlySequence{T}"/> values made of chosen segments, each in its own array.</summary>
internal static class Segments
{
    internal static ReadOnlySequence<byte> Create(params ReadOnlyMemory<byte>[] parts)
    {
        if (parts.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(parts[0].ToArray(), 0);
        var last = first;
        for (var i = 1; i < parts.Length; i++)
        {
            last = last.Append(parts[i].ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Two segments split at <paramref name="at"/> (either may be empty).</summary>
    internal static ReadOnlySequence<byte> SplitAt(byte[] input, int at) => Create(input.AsMemory(0, at), input.AsMemory(at));

    /// <summary>One segment per byte.</summary>
    internal static ReadOnlySequence<byte> PerByte(ReadOnlySpan<byte> input)
    {
        var parts = new ReadOnlyMemory<byte>[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            parts[i] = new[] { input[i] };
        }

        return Create(parts);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
