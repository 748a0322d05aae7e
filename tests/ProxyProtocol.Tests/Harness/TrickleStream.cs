namespace ProxyProtocol.Tests.Harness;

/// <summary>A read-only stream returning at most <c>chunk</c> bytes per read, never crossing a cut, then end of stream.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private readonly int[] _cuts;
    private int _position;

    internal TrickleStream(byte[] data, int chunk = 1, IEnumerable<int>? cuts = null)
    {
        _data = data;
        _chunk = chunk;
        _cuts = cuts?.Order().ToArray() ?? [];
    }

    internal int ReadCalls { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        var limit = _cuts.Where(c => c > _position).DefaultIfEmpty(_data.Length).First();
        var n = Math.Min(Math.Min(_chunk, buffer.Length), Math.Min(limit, _data.Length) - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
