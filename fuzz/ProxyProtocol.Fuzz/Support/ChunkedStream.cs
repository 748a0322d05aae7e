namespace ProxyProtocol.Fuzz.Support;

/// <summary>A read-only stream that hands out its data in the given chunks (never more than one per read), synchronously.</summary>
internal sealed class ChunkedStream : Stream
{
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _chunks;
    private int _chunk;
    private int _offset;

    public ChunkedStream(IReadOnlyList<ReadOnlyMemory<byte>> chunks) => _chunks = chunks;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        // Skip empty chunks: a stream read returns 0 only at the end.
        while (_chunk < _chunks.Count && _offset == _chunks[_chunk].Length)
        {
            _chunk++;
            _offset = 0;
        }

        if (_chunk == _chunks.Count)
        {
            return 0;
        }

        var source = _chunks[_chunk].Span.Slice(_offset);
        var n = Math.Min(source.Length, buffer.Length);
        source.Slice(0, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
