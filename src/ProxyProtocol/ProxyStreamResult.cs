namespace ProxyProtocol;

/// <summary>A header read from a <see cref="System.IO.Stream"/>, and the stream to read the application's data from.</summary>
public readonly struct ProxyStreamResult
{
    internal ProxyStreamResult(ProxyHeader header, Stream stream)
    {
        Header = header;
        Stream = stream;
    }

    /// <summary>Gets the header.</summary>
    public ProxyHeader Header { get; }

    /// <summary>
    /// Gets the stream positioned at the first byte after the header. It is the original stream when nothing past the
    /// header was read, otherwise a wrapper that first returns the bytes read past the header and then reads (and
    /// writes) through to the original. Disposing it disposes the original.
    /// </summary>
    public Stream Stream { get; }
}
