using System.Buffers;
using System.IO.Pipelines;

namespace ProxyProtocol.Tests.Harness;

/// <summary>
/// A <see cref="PipeReader"/> that reveals its input one chunk (one segment; one byte by default) per read once the
/// previous read was fully examined, as a network trickling data would; then reports completion. Records how it was
/// advanced.
/// </summary>
internal sealed class TricklePipeReader : PipeReader
{
    private readonly ReadOnlySequence<byte> _all;
    private readonly int[] _boundaries;
    private readonly int _maxReads;
    private long _visible;
    private bool _awaitingAdvance;

    internal TricklePipeReader(byte[] input, IEnumerable<int>? cuts = null)
    {
        _boundaries = cuts is null
            ? Enumerable.Range(1, input.Length).ToArray()
            : cuts.Where(c => c > 0 && c < input.Length).Append(input.Length).Distinct().Order().ToArray();
        _all = Segments.Create(_boundaries.Select((end, i) => (ReadOnlyMemory<byte>)input.AsMemory(i == 0 ? 0 : _boundaries[i - 1], end - (i == 0 ? 0 : _boundaries[i - 1]))).ToArray());
        _maxReads = (4 * input.Length) + 16;
    }

    /// <summary>Gets the number of bytes consumed so far.</summary>
    internal long Consumed { get; private set; }

    /// <summary>Gets the furthest byte examined so far.</summary>
    internal long Examined { get; private set; }

    internal int Reads { get; private set; }

    /// <summary>Gets a value indicating whether every advance while data was pending examined all of it.</summary>
    internal bool AlwaysExaminedEverything { get; private set; } = true;

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        if (!_awaitingAdvance)
        {
            throw new InvalidOperationException("AdvanceTo without a pending read.");
        }

        _awaitingAdvance = false;
        var c = _all.Slice(0, consumed).Length;
        var e = _all.Slice(0, examined).Length;
        if (c < Consumed || e < c || e > _visible)
        {
            throw new InvalidOperationException($"Bad AdvanceTo: consumed {c}, examined {e}, visible {_visible}.");
        }

        Consumed = c;
        Examined = Math.Max(Examined, e);
        if (e != _visible && c != e)
        {
            AlwaysExaminedEverything = false;
        }
    }

    public override void CancelPendingRead() => throw new NotSupportedException();

    public override void Complete(Exception? exception = null)
    {
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_awaitingAdvance)
        {
            throw new InvalidOperationException("ReadAsync before AdvanceTo.");
        }

        if (++Reads > _maxReads)
        {
            throw new InvalidOperationException("The reader keeps reading without progress.");
        }

        var completed = false;
        if (Examined >= _visible)
        {
            if (_visible < _all.Length)
            {
                _visible = _boundaries.First(b => b > _visible);
            }
            else
            {
                completed = true;
            }
        }

        _awaitingAdvance = true;
        return ValueTask.FromResult(new ReadResult(_all.Slice(Consumed, _visible - Consumed), isCanceled: false, completed));
    }

    public override bool TryRead(out ReadResult result)
    {
        result = default;
        return false;
    }
}
