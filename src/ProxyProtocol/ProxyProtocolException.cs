namespace ProxyProtocol;

/// <summary>Thrown when a PROXY header is invalid, truncated or late. <see cref="Error"/> names the reason.</summary>
/// <remarks>The message never contains bytes of the input.</remarks>
public sealed class ProxyProtocolException : Exception
{
    /// <summary>Initializes a new instance with <see cref="ProxyError.None"/>.</summary>
    public ProxyProtocolException()
    {
    }

    /// <summary>Initializes a new instance with a message and <see cref="ProxyError.None"/>.</summary>
    /// <param name="message">The message.</param>
    public ProxyProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message, an inner exception and <see cref="ProxyError.None"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ProxyProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance for an error at an offset.</summary>
    /// <param name="error">The reason.</param>
    /// <param name="offset">The offset of the offending byte, or -1 when not applicable.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ProxyProtocolException(ProxyError error, int offset, Exception? innerException = null)
        : base(FormatMessage(error, offset), innerException)
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>Gets the reason the header was rejected.</summary>
    public ProxyError Error { get; }

    /// <summary>Gets the offset of the offending byte, or -1 when not applicable.</summary>
    public int Offset { get; } = -1;

    private static string FormatMessage(ProxyError error, int offset) =>
        offset >= 0 ? $"{error.GetDescription()} ({error} at offset {offset})" : $"{error.GetDescription()} ({error})";
}
